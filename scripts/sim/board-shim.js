// Simulated board for the real Espruino interpreter (Linux build), stored as `.boot0` so
// it runs before the unmodified `.bootcde` the upload wrote. It shadows the hardware
// globals the firmware uses with a virtual clock, pins, watches and serial ports that
// behave like scripts/lib/espruinoSim.ts, and reports every output on stdout:
//   @P <ms> <pin> <mode> <level> <duty> <hz>   pin output changed
//   @S <ms> <device> <json text>               bytes written to a serial device
//   @X <ms> <json message>                     uncaught error in the firmware
//   @M <ms> <usage> <total>                    process.memory(): after boot, a tenth of the way in, at the end
//   @END                                       the whole trace has been played
// The stimuli come from a file the host wrote (one JSON array per line: time, analog
// codes, digital levels, command), read in chunks so a long trace never sits in memory.
// Written in the interpreter's dialect: no hoisting, so everything is declared before use.
// The host prepends `var $CFG = {...};` (board facts) and appends `$init(...)`.

var $now = 0;
var $seq = 0;
var $nid = 1;
var $timers = [];
var $watches = [];
var $pins = {};
var $serialFns = {};
var $dead = false;
// Captured before the virtual setTimeout below shadows it (nothing is hoisted).
var $realSetTimeout = global.setTimeout;

function $emit(s) {
  print(s);
}

var $stalled = false;
var $train = { hz: 0, id: 0, last: 0 };

function $pinOut(p) {
  $emit('@P ' + $now + ' ' + p.n + ' ' + p.mode + ' ' + p.level + ' ' + p.duty + ' ' + p.hz);
  if (p.n === $CFG.encoder.step || p.n === $CFG.encoder.enable) $encoderUpdate();
}

function $pin(p, what) {
  var st = p && p.n !== undefined ? $pins[p.n] : undefined;
  if (st === undefined) throw new Error(what + ': not a pin of this board');
  return st;
}

function $Pin(n) {
  this.n = n;
}

function $mk(n) {
  $pins[n] = { n: n, mode: 'unset', level: 0, duty: 0, hz: 0, code: 0 };
  return new $Pin(n);
}

function $fail(e) {
  $dead = true;
  $emit('@X ' + $now + ' ' + JSON.stringify(String(e)));
}

function $callArgs(fn, args) {
  if ($dead) return;
  try {
    fn.apply(undefined, args);
  } catch (e) {
    $fail(e);
  }
}

function $call(fn, arg) {
  if ($dead) return;
  try {
    fn(arg);
  } catch (e) {
    $fail(e);
  }
}

function $run(until, inclusive) {
  while (!$dead) {
    var next = null;
    for (var i = 0; i < $timers.length; i++) {
      var t = $timers[i];
      if (next === null || t.due < next.due || (t.due === next.due && t.seq < next.seq)) next = t;
    }
    if (next === null || next.due > until || (!inclusive && next.due === until)) break;
    $now = next.due;
    // Creation order at one instant, an interval keeping its place (src/jsinteractive.c).
    if (next.rep) next.due += next.period;
    else $timers.splice($timers.indexOf(next), 1);
    if (next.args) $callArgs(next.fn, next.args);
    else $call(next.fn);
  }
  $now = until;
}

function $addTimer(fn, ms, rep, internal) {
  var period = +ms || 0;
  if (rep && period < 1) period = 1;
  var t = { id: $nid++, fn: fn, period: period, due: $now + period, rep: rep, seq: $seq++, internal: internal };
  $timers.push(t);
  return t.id;
}

function $report(w) {
  if ($watches.indexOf(w) < 0) return;
  var level = $pins[w.pin].level;
  if (level === w.last) return;
  w.last = level;
  var rising = level === 1;
  if (w.edge === 'rising' && !rising) return;
  if (w.edge === 'falling' && rising) return;
  var e = { state: rising, time: $now / 1000, lastTime: w.lastTime };
  w.lastTime = $now / 1000;
  if (!w.repeat) $watches.splice($watches.indexOf(w), 1);
  $call(w.fn, e);
}

function $reporter(w) {
  return function () {
    $report(w);
  };
}

function $level(n, level) {
  var st = $pins[n];
  if (st.level === level) return;
  st.level = level;
  for (var i = 0; i < $watches.length; i++) {
    var w = $watches[i];
    if (w.pin !== n) continue;
    if (w.debounce > 0) $addTimer($reporter(w), w.debounce, false, true);
    else $report(w);
  }
}

// The pump-head encoder: a square wave at the STEP frequency scaled to head revolutions,
// while the driver is enabled and the head is not blocked (trace column `stall`).
function $encoderUpdate() {
  var enc = $CFG.encoder;
  var step = $pins[enc.step];
  var en = $pins[enc.enable];
  var enabled = en.mode === 'output' && en.level === (enc.enableActiveLow ? 0 : 1);
  var hz = $stalled || !enabled || step.mode !== 'pwm' || !(step.duty > 0) ? 0 : step.hz * enc.pulsesPerStep;
  if (hz === $train.hz) return;
  // Keep the phase across a change of speed: the part of the half period already run.
  var done = $train.hz > 0 ? Math.min(1, ($now - $train.last) / (500 / $train.hz)) : 0;
  $train.hz = hz;
  if ($train.id) {
    for (var i = $timers.length - 1; i >= 0; i--) if ($timers[i].id === $train.id) $timers.splice(i, 1);
    $train.id = 0;
  }
  if (hz > 0) {
    var half = 500 / hz;
    $train.id = $addTimer(function () {
      $train.last = $now;
      $level(enc.pin, 1 - $pins[enc.pin].level);
    }, half, true, true);
    // First toggle after the rest of the current half period.
    $timers[$timers.length - 1].due = $now + (1 - done) * half;
    $train.last = $now - done * half;
  }
}

function $timerSetting(freq, clk) {
  if (freq === undefined) return { hz: clk / 65536, arr: 65535 };
  var ticks = Math.floor(clk / freq) >>> 0;
  var psc = ticks >>> 16;
  var arr = Math.floor(ticks / (psc + 1)) & 65535;
  return { hz: clk / ((psc + 1) * (arr + 1)), arr: arr };
}

function $mkSerial(dev) {
  return {
    setup: function (baud) {
      if (typeof baud !== 'number' || baud <= 0) throw new Error(dev + '.setup: bad baud rate');
    },
    on: function (ev, fn) {
      if (ev !== 'data') throw new Error(dev + ".on('" + ev + "') is not modelled");
      $serialFns[dev] = fn;
    },
    write: function (d) {
      $emit('@S ' + $now + ' ' + dev + ' ' + JSON.stringify(String(d)));
    },
    print: function (d) {
      $emit('@S ' + $now + ' ' + dev + ' ' + JSON.stringify(String(d)));
    },
    println: function (d) {
      $emit('@S ' + $now + ' ' + dev + ' ' + JSON.stringify(String(d) + '\r\n'));
    },
    setConsole: function () {},
  };
}

// The ADC's noise in codes, the same function of pin and time as adcNoiseCodes in
// scripts/lib/espruinoSim.ts (32-bit xorshift).
function $adcNoise(pinIndex, now) {
  var x = (now | 0) ^ ((pinIndex + 1) << 24);
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return ((x >>> 0) % 3) - 1;
}

var analogRead = function (p) {
  var st = $pin(p, 'analogRead');
  if (!$CFG.adc[st.n]) throw new Error('analogRead: ' + st.n + ' has no ADC');
  st.mode = 'analog';
  if (!$CFG.noisy[st.n]) return st.code / 4096;
  var code = st.code + $adcNoise($CFG.pins.indexOf(st.n), $now);
  return (code < 0 ? 0 : code > 4095 ? 4095 : code) / 4096;
};
var analogWrite = function (p, v, opts) {
  var st = $pin(p, 'analogWrite');
  var timer = $CFG.pwm[st.n];
  if (!timer) throw new Error('analogWrite: ' + st.n + ' has no hardware PWM');
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error('analogWrite: value outside 0..1');
  var s = $timerSetting(opts ? opts.freq : undefined, $CFG.clocks[timer]);
  st.mode = 'pwm';
  st.duty = Math.floor(v * s.arr) / (s.arr + 1);
  st.hz = s.hz;
  $pinOut(st);
  var others = $CFG.timerPins[timer];
  for (var i = 0; i < others.length; i++) {
    var o = $pins[others[i]];
    if (o && o !== st && o.mode === 'pwm' && o.hz !== s.hz) {
      o.hz = s.hz;
      $pinOut(o);
    }
  }
};
// The air detector's output is the detector's: while its test input is driven it reports
// air whatever the line holds (as scripts/sim/espruinoSim.ts models it).
var $bubbleShown = -1;
function $detectorLevel() {
  var d = $CFG.airTest;
  var test = $pins[d.test];
  if ($bubbleShown < 0) $bubbleShown = $pins[d.bubble].level;
  var tested = !d.bypass && test.mode === 'output' && test.level === d.testLevel;
  return tested ? d.airLevel : $bubbleShown;
}
function $input(n, level) {
  if (n !== $CFG.airTest.bubble) return $level(n, level);
  $bubbleShown = level;
  $level(n, $detectorLevel());
}
var digitalWrite = function (p, v) {
  var st = $pin(p, 'digitalWrite');
  st.mode = 'output';
  st.level = v ? 1 : 0;
  st.duty = 0;
  $pinOut(st);
  if (st.n === $CFG.airTest.test) $level($CFG.airTest.bubble, $detectorLevel());
};
var digitalRead = function (p) {
  if (Array.isArray(p)) {
    var mask = 0;
    for (var i = 0; i < p.length; i++) mask = (mask << 1) | $pin(p[i], 'digitalRead').level;
    return mask;
  }
  return $pin(p, 'digitalRead').level;
};
var pinMode = function (p, mode) {
  var st = $pin(p, 'pinMode');
  if (mode.indexOf('input') === 0) st.mode = 'input';
  else if (mode === 'output' || mode === 'opendrain') {
    st.mode = 'output';
    $pinOut(st);
  } else st.mode = mode;
};
var setWatch = function (fn, p, opts) {
  var st = $pin(p, 'setWatch');
  var w = {
    id: $nid++, fn: fn, pin: st.n, edge: (opts && opts.edge) || 'both', debounce: (opts && opts.debounce) || 0,
    repeat: !!(opts && opts.repeat), last: st.level, lastTime: $now / 1000,
  };
  $watches.push(w);
  return w.id;
};
var clearWatch = function (id) {
  for (var i = $watches.length - 1; i >= 0; i--) if ($watches[i].id === id) $watches.splice(i, 1);
};
// Extra arguments go to the callback (src/jswrap_interactive.c keeps them as "args").
function $withArgs(id, args) {
  if (args.length > 2) $timers[$timers.length - 1].args = [].slice.call(args, 2);
  return id;
}
var setInterval = function (fn, ms) {
  return $withArgs($addTimer(fn, ms, true, false), arguments);
};
var setTimeout = function (fn, ms) {
  return $withArgs($addTimer(fn, ms, false, false), arguments);
};
var clearInterval = function (id) {
  for (var i = $timers.length - 1; i >= 0; i--) if ($timers[i].id === id && !$timers[i].internal) $timers.splice(i, 1);
};
var clearTimeout = clearInterval;
var changeInterval = function (id, ms) {
  for (var i = 0; i < $timers.length; i++) {
    if ($timers[i].id === id && !$timers[i].internal) {
      $timers[i].period = ms;
      $timers[i].due = $now + ms;
    }
  }
};
// After a power loss the RTC starts again from 0 (as scripts/sim/espruinoSim.ts models it).
var $clockZero = 0;
var getTime = function () {
  return ($now - $clockZero) / 1000;
};
var peek32 = function (addr) {
  var value = $CFG.registers[addr];
  if (value === undefined) throw new Error('peek32: register not modelled');
  return value;
};
// RCC_CSR: reset flags (power-on and pin reset at power-up); writing RMVF clears them.
var poke32 = function (addr, value) {
  if (addr !== 0x40023874) throw new Error('poke32: register not modelled');
  if (value & (1 << 24)) $CFG.registers[addr] = 0;
};
// The watchdog as the firmware programs it (manual kicking); the Linux build has none.
var $watchdog = { timeoutMs: 0, lastKick: 0 };
E.enableWatchdog = function (timeoutS, isAuto) {
  if (isAuto !== false) throw new Error('E.enableWatchdog: the firmware must kick it by hand');
  $watchdog.timeoutMs = timeoutS * 1000;
  $watchdog.lastKick = $now;
};
E.kickWatchdog = function () {
  $watchdog.lastKick = $now;
};
// The ADS1115 on I2C, as scripts/lib/ads1115Model.ts models it: single-shot conversions
// that finish one sample period after the start; bit 15 of config reads 0 until then.
var $ADS_FSR = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256];
var $ADS_MUX = ['AIN0-AIN1', 'AIN0-AIN3', 'AIN1-AIN3', 'AIN2-AIN3', 'AIN0', 'AIN1', 'AIN2', 'AIN3'];
var $ADS_SPS = [8, 16, 32, 64, 128, 250, 475, 860];
/** Microvolts on each external input, by key (ads<address>:<mux>). */
var $adsUv = {};
var $ads = {};

function $adsSettle(d) {
  if (d.pending !== null && $now >= d.doneAt) {
    d.conv = d.pending;
    d.pending = null;
  }
}

function $adsWrite(d, bytes) {
  $adsSettle(d);
  if (bytes.length === 0) return;
  d.pointer = bytes[0] & 3;
  if (bytes.length === 1) return;
  if (bytes.length !== 3) throw new Error('ADS1115: a register write takes 3 bytes');
  if (d.pointer === 0) throw new Error('ADS1115: the conversion register is read-only');
  if (d.pointer !== 1) return;
  var word = ((bytes[1] & 255) << 8) | (bytes[2] & 255);
  if ((word & 0x0100) === 0) throw new Error('ADS1115: continuous mode is not modelled');
  if (d.pending !== null && word & 0x8000) throw new Error('ADS1115: conversion started while one is running');
  d.config = word | 0x8000;
  if ((word & 0x8000) === 0) return;
  var mux = (word >> 12) & 7;
  var fsr = $ADS_FSR[(word >> 9) & 7];
  var uv = $adsUv['ads' + d.address + ':' + $ADS_MUX[mux]];
  var volts = uv === undefined ? 0 : uv / 1e6;
  var code = Math.floor((volts / fsr) * 32768);
  code = code > 32767 ? 32767 : code < -32768 ? -32768 : code;
  code += $adcNoise(64 + (d.address - 0x48) * 8 + mux, $now);
  d.pending = code > 32767 ? 32767 : code < -32768 ? -32768 : code;
  d.doneAt = $now + 1000 / $ADS_SPS[(word >> 5) & 7];
}

function $adsRead(d, n) {
  $adsSettle(d);
  var word;
  if (d.pointer === 0) word = d.conv & 0xffff;
  else if (d.pointer === 1) word = d.pending !== null ? d.config & 0x7fff : d.config;
  else word = d.pointer === 2 ? 0x8000 : 0x7fff;
  var out = new Uint8Array(n);
  for (var i = 0; i < n; i++) out[i] = i === 0 ? word >> 8 : i === 1 ? word & 255 : 0xff;
  return out;
}

function $mkI2C(bus) {
  var ready = false;
  function dev(address, what) {
    if (!ready) throw new Error(bus + '.' + what + ': the bus is not set up');
    var d = $ads[address];
    if (!d || d.bus !== bus || $now >= $CFG.i2cSilentFrom) throw new Error('I2C device not responding');
    return d;
  }
  return {
    setup: function (o) {
      if (!o || o.scl === undefined || o.sda === undefined) throw new Error(bus + '.setup: scl and sda are required');
      $pin(o.scl, bus + '.setup scl');
      $pin(o.sda, bus + '.setup sda');
      ready = true;
    },
    writeTo: function (address) {
      var d = dev(address, 'writeTo');
      var bytes = [];
      for (var i = 1; i < arguments.length; i++) {
        var a = arguments[i];
        if (typeof a === 'number') bytes.push(a & 255);
        else for (var j = 0; j < a.length; j++) bytes.push(a[j] & 255);
      }
      $adsWrite(d, bytes);
    },
    readFrom: function (address, n) {
      return $adsRead(dev(address, 'readFrom'), n);
    },
  };
}

for (var $a = 0; $a < $CFG.adsDevices.length; $a++) {
  var $dv = $CFG.adsDevices[$a];
  $ads[$dv.address] = { address: $dv.address, bus: $dv.bus, pointer: 0, config: 0x8583, conv: 0, pending: null, doneAt: 0 };
}
var I2C1 = $mkI2C('I2C1');
var I2C2 = $mkI2C('I2C2');
var I2C3 = $mkI2C('I2C3');
var Serial1 = $mkSerial('Serial1');
var Serial2 = $mkSerial('Serial2');
var USB = $mkSerial('USB');

// Host interface. Analog index i < pins: that pin's ADC code; beyond: external input
// i - pins, in microvolts.
function $analog(i, value) {
  if (i < $CFG.pins.length) $pins[$CFG.pins[i]].code = value;
  else $adsUv[$CFG.adsKeys[i - $CFG.pins.length]] = value;
}

// RCC_CSR's flags after each reset a trace row can cause (as RESET_FLAGS in espruinoSim.ts).
var $RESET_FLAGS = { power: (1 << 27) | (1 << 25) | (1 << 26), brownout: (1 << 25) | (1 << 26), watchdog: (1 << 29) | (1 << 26), pin: 1 << 26 };

// A reset of the board: RAM is lost (the firmware's timers, watches, handlers), outputs
// float, Storage and the inputs stay, RCC_CSR says why, then `.bootcde` runs again. The
// bundle is one self-contained function expression, so running it again leaves nothing of
// the first run reachable.
function $reset(cause) {
  $emit('@R ' + $now + ' ' + cause);
  var kept = [];
  for (var i = 0; i < $timers.length; i++) if ($timers[i].internal && $timers[i].id === $train.id) kept.push($timers[i]);
  $timers = kept;
  $watches = [];
  $serialFns = {};
  $watchdog.timeoutMs = 0;
  $CFG.registers[0x40023874] |= $RESET_FLAGS[cause];
  if (cause === 'power') $clockZero = $now;
  E.removeAllListeners('errorFlag');
  process.removeAllListeners('uncaughtException');
  for (var n in $pins) {
    var p = $pins[n];
    if (p.mode === 'output' || p.mode === 'pwm') {
      p.mode = 'unset';
      p.level = 0;
      p.duty = 0;
      p.hz = 0;
      $pinOut(p);
    }
  }
  $call(function () {
    eval(require('Storage').read('.bootcde'));
  });
}

function $r(t, analog, digital, cmd, stall) {
  if ($dead) return;
  $run(t, false);
  for (var i = 0; i < analog.length; i += 2) $analog(analog[i], analog[i + 1]);
  for (var j = 0; j < digital.length; j += 2) $input($CFG.pins[digital[j]], digital[j + 1]);
  if (stall !== undefined) {
    $stalled = stall === 1;
    $encoderUpdate();
  }
  // A reset row: the row's levels are in place first, as the Node engine has them.
  if (cmd !== null && cmd.substring(0, 7) === '!reset ') {
    $reset(cmd.substring(7));
    cmd = null;
  }
  if (cmd !== null && !$dead && $serialFns[$CFG.serial]) $call($serialFns[$CFG.serial], cmd);
}

function $m() {
  var m = process.memory();
  $emit('@M ' + $now + ' ' + m.usage + ' ' + m.total);
}

function $play() {
  $m();
  var f = E.openFile($CFG.stimuli, 'r');
  if (!f) throw new Error('shim: cannot open ' + $CFG.stimuli);
  var rest = '';
  var warm = false;
  var chunk = f.read(1024);
  while (chunk !== undefined && chunk !== null && !$dead) {
    rest += chunk;
    var nl = rest.indexOf('\n');
    while (nl >= 0 && !$dead) {
      var row = JSON.parse(rest.substring(0, nl));
      $r(row[0], row[1], row[2], row[3], row[4]);
      // A second reading a tenth of the way in: growth after that is what a leak looks like.
      if (!warm && row[0] >= $CFG.tEnd / 10) {
        warm = true;
        $m();
      }
      rest = rest.substring(nl + 1);
      nl = rest.indexOf('\n');
    }
    chunk = f.read(1024);
  }
  f.close();
  // Drop the reader's buffers so the final memory figure counts the firmware, not them.
  f = null;
  rest = null;
  chunk = null;
  if (!$dead) $run($CFG.tEnd, true);
  $m();
  $emit('@END');
}

function $init(codes, levels, stalled) {
  // Power-on at the first row's time, as the Node engine boots.
  $now = $CFG.tStart;
  $stalled = stalled;
  for (var i = 0; i < codes.length; i += 2) $analog(codes[i], codes[i + 1]);
  for (var j = 0; j < levels.length; j += 2) $pins[$CFG.pins[levels[j]]].level = levels[j + 1];
  echo(0);
  // Runs once the boot has finished (.bootcde runs after this file).
  $realSetTimeout(function () {
    try {
      $play();
    } catch (e) {
      $emit('@X ' + $now + ' ' + JSON.stringify('shim: ' + String(e)));
      $emit('@END');
    }
  }, 1);
}
