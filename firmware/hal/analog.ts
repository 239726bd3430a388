// Reads every channel wired to the on-chip ADC as a ratio of the supply (0..1).

export function readAnalog(pins: Pin[], channelIndexes: number[], raw: Float64Array): void {
  for (let i = 0; i < pins.length; i++) raw[channelIndexes[i]] = analogRead(pins[i]);
}
