/**
 * True for an AAM `.info` control file (FORMATS.md "AAM outbound"): it describes a drop's data
 * files and is read with {@link parseControlFile}, not parsed as data.
 */
export function isControlFileKey(key: string): boolean {
  return /\.info$/i.test(key);
}
