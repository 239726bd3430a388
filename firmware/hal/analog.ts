// Reads every channel wired to the on-chip ADC as a ratio of the supply (0..1), plus an
// offset (half a quantisation step: the centre of the code's bin).

export function readAnalog(pins: Pin[], channelIndexes: number[], offset: number, raw: Float64Array): void {
  for (let i = 0; i < pins.length; i++) raw[channelIndexes[i]] = analogRead(pins[i]) + offset;
}
