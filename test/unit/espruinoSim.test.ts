// The simulated board must never be more forgiving than the real one.
import { loadBoard } from '../../scripts/board/board';
import { EspruinoSim, PinState, pwmDuty, quantiseAdc, timerSetting } from '../../scripts/sim/espruinoSim';

function sim(analog = 0.5) {
  const outputs: PinState[] = [];
  const serial: string[] = [];
  const s = new EspruinoSim(loadBoard('pico'), {
    onPinOutput: (p) => outputs.push({ ...p }),
    onSerialWrite: (d, t) => serial.push(`${d}:${t}`),
    analogSource: () => analog,
  });
  const run = (code: string) => s.runUpload(code, 'test.js');
  return { s, outputs, serial, run };
}

describe('simulated Espruino', () => {
  it('throws on anything it does not model', () => {
    const { run } = sim();
    expect(() => run('E.getTemperature()')).toThrow('E.getTemperature is not modelled by the simulated board');
    expect(() => run('Serial1.inject("x")')).toThrow('Serial1.inject is not modelled');
    expect(() => run('require("fs")')).toThrow("require('fs'): module not modelled");
    expect(() => run('SPI1.setup({})')).toThrow(/SPI1 is not defined/);
    expect(() => run('I2C1.readFrom(72, 2)')).toThrow('I2C1.readFrom: the bus is not set up');
    expect(() => run('new Map()')).toThrow(/Map is not defined/);
    expect(() => run('Array.from([1])')).toThrow(/not a function/);
    expect(() => run('(1.5).toPrecision(2)')).toThrow(/not a function/);
    expect(() => run('A8.getInfo()')).toThrow('A8.getInfo is not modelled');
  });

  it('refuses PWM on a pin without a timer and analogRead on a pin without ADC', () => {
    const { run } = sim();
    expect(() => run('analogWrite(A4, 0.5, {freq: 100})')).toThrow('analogWrite: A4 has no hardware PWM on Espruino Pico');
    expect(() => run('analogRead(B13)')).toThrow('analogRead: B13 has no ADC on Espruino Pico');
    expect(() => run('analogWrite(A8, 1.5)')).toThrow('analogWrite: value 1.5 outside 0..1');
    expect(() => run('analogWrite(A8, 0.5, {freq: 100, soft: true})')).toThrow('analogWrite: option soft is not modelled');
  });

  it('refuses a second watch on the same interrupt line (A5 and B5)', () => {
    const { run } = sim();
    run('setWatch(function(){}, B5, {edge:"both", repeat:true})');
    expect(() => run('setWatch(function(){}, A5, {edge:"both"})')).toThrow('setWatch: A5 shares interrupt line 5 with the watch on B5');
  });

  it('gives all PWM channels of one timer the last frequency set', () => {
    const { s, run } = sim();
    run('analogWrite(A0, 0.5, {freq: 1000}); analogWrite(B10, 0.2, {freq: 50})');
    expect(s.pins.A0.pwmHz).toBeCloseTo(50, 3);
    expect(s.pins.B10.pwmHz).toBe(s.pins.A0.pwmHz);
  });

  it('quantises the ADC like the STM32 (code / 4096, never 1.0)', () => {
    expect(quantiseAdc(0.5, 12)).toBe(0.5);
    expect(quantiseAdc(0.50001, 12)).toBe(0.5);
    expect(quantiseAdc(1, 12)).toBe(4095 / 4096);
    expect(quantiseAdc(1.2, 12)).toBe(4095 / 4096);
    expect(quantiseAdc(-0.1, 12)).toBe(0);
    const { s, run } = sim(0.123456);
    run('Serial1.write(String(analogRead(A0)))');
    expect(s.pins.A0.mode).toBe('analog');
  });

  it('programs timers as Espruino does: always at or just below the requested frequency', () => {
    // Worked examples: 1 kHz on an 84 MHz timer is 999.976 Hz (84000 ticks need prescaler 2,
    // period 42001); 1 Hz; no freq = 16-bit period.
    expect(timerSetting(1000, 84e6)).toEqual({ hz: 84e6 / (2 * 42001), arr: 42000 });
    expect(timerSetting(1000, 84e6).hz).toBeCloseTo(999.976, 3);
    expect(timerSetting(1, 84e6).hz).toBeCloseTo(84e6 / (1282 * 65523), 12);
    expect(timerSetting(undefined, 84e6).hz).toBe(84e6 / 65536);
    expect(timerSetting(1e6, 84e6).hz).toBe(84e6 / 85);
    for (const f of [0.5, 3, 31.37, 549.0196, 12345, 250000]) {
      const hz = timerSetting(f, 42e6).hz;
      expect(hz).toBeLessThanOrEqual(f);
      // Short by less than one timer count (or one prescaled count).
      expect(f - hz).toBeLessThan(f * Math.max((2 * f) / 42e6, 2 / 65536));
    }
    expect(pwmDuty(0.5, 65535)).toBe(32767 / 65536);
  });

  it('runs timers on the virtual clock in order, without sleeping', () => {
    const { s, serial, run } = sim();
    run('var n = 0; setInterval(function(){ n++; Serial1.write("i" + n + "@" + getTime()); }, 100); setTimeout(function(){ Serial1.write("once@" + getTime()); }, 250);');
    s.runUntil(300, true);
    expect(serial).toEqual(['Serial1:i1@0.1', 'Serial1:i2@0.2', 'Serial1:once@0.25', 'Serial1:i3@0.3']);
    s.runUntil(3600000, true);
    expect(serial.length).toBe(36001);
  });

  it('debounces watches: a pulse shorter than the debounce time is not reported', () => {
    const { s, serial, run } = sim();
    run('setWatch(function(e){ Serial1.write((e.state ? "up" : "down") + "@" + getTime()); }, B13, {edge:"both", repeat:true, debounce:10})');
    s.runUntil(100, false);
    s.setInputLevel('B13', 1);
    s.runUntil(105, false);
    s.setInputLevel('B13', 0);
    s.runUntil(200, false);
    expect(serial).toEqual([]);
    s.setInputLevel('B13', 1);
    s.runUntil(300, false);
    expect(serial).toEqual(['Serial1:up@0.21']);
  });

  it('boots the bundle from what the upload wrote to Storage', () => {
    const { s, serial, run } = sim();
    run('require("Storage").write(".bootcde","Serial1.write(",0,22);\nrequire("Storage").write(".bootcde","\\"hello\\")",14);\nload(".bootcde")');
    expect(s.storage.get('.bootcde')).toBe('Serial1.write("hello")');
    expect(s.bootFile).toBe('.bootcde');
    s.boot();
    expect(serial).toEqual(['Serial1:hello']);
  });

  it('leaves unwritten bytes of a Storage file erased (0xFF), as flash does', () => {
    const { s, run } = sim();
    run('require("Storage").write("f","ab",0,4)');
    expect(s.storage.get('f')).toBe('ab\xff\xff');
    expect(() => run('require("Storage").write("f","abc",3)')).toThrow('Too much data for file size');
  });

  // Storage as src/jsflash.c jsfWriteFile has it: bytes are only ever written over erased
  // ones, offset 0 with the same size and data is a no-op, a file that does not fit throws.
  it('refuses to write over written bytes, even the same ones, as the interpreter does', () => {
    const { s, run } = sim();
    run('require("Storage").write("f","ab",0,4)');
    expect(() => run('require("Storage").write("f","b",1)')).toThrow('File already written with different data');
    run('require("Storage").write("f","cd",2)');
    expect(s.storage.get('f')).toBe('abcd');
    // Offset 0 recreates a written file; the same bytes at once are left alone.
    run('require("Storage").write("f","abcd",0)');
    run('require("Storage").write("f","xy",0)');
    expect(s.storage.get('f')).toBe('xy');
    expect(() => run('require("Storage").write("g","a",2)')).toThrow('Unable to find or create file');
  });

  it('a write that needs more flash than is free throws, and the old file is gone', () => {
    const { s, run } = sim();
    const capacity = s.board.board.storageBytes;
    run(`require("Storage").write("big","x",0,${capacity - 64 - 32})`);
    expect(s.storageUsedBytes()).toBe(capacity - 64);
    run('require("Storage").write("small","0123456789")');
    expect(() => run('require("Storage").write("small","x",0,64)')).toThrow('Unable to find or create file');
    expect(s.storage.has('small')).toBe(false);
    run('Serial1.write(String(require("Storage").getFree()))');
  });

  it('reads a part of a file with offset and length', () => {
    const { serial, run } = sim();
    run('require("Storage").write("f","abcdef");Serial1.write(require("Storage").read("f",2,3))');
    expect(serial).toEqual(['Serial1:cde']);
  });
});

describe('digitalRead of a pin list', () => {
  it('returns a mask with the last pin in bit 0', () => {
    const { s, serial, run } = sim();
    s.pins.B13.level = 1;
    s.pins.A10.level = 1;
    run('Serial1.write(String(digitalRead([B13, B14, B15, A10])))');
    expect(serial).toEqual(['Serial1:9']);
  });
});
