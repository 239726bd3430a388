// Lines the firmware writes to the command port besides command replies. Asynchronous
// lines start with '!' so a terminal user and the host tools can tell them from the one
// reply each command gets ('ok ...' / 'err ...').

export function eventLine(kind: string, json: string): string {
  return '!' + kind + ' ' + json;
}

export function quote(text: string): string {
  return '"' + text + '"';
}
