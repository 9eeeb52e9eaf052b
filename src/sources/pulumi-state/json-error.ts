/**
 * Locates the first JSON syntax error in a text. Node 20's JSON.parse often reports only an
 * excerpt ("...": [ } }" is not valid JSON"), which is useless in a 50 MB export; this scanner
 * runs only after JSON.parse has failed and returns the offset where the text stops being JSON.
 * Iterative (an explicit stack), so deeply nested input cannot overflow the call stack.
 */
type State = 'value' | 'first-item' | 'first-key' | 'key' | 'colon' | 'after';

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const HEX = /^[0-9a-fA-F]{4}$/;

/** Returns the offset just past a string starting at `start` (a quote), or a negative error offset - 1. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -i - 1;
    if (code === 0x5c) {
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!HEX.test(text.slice(i + 2, i + 6))) return -i - 1;
        i += 5;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
        i += 1;
      } else {
        return -i - 1;
      }
    }
  }
  return -text.length - 1;
}

/** Same convention as scanString, for `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`. */
function scanNumber(text: string, start: number): number {
  let i = start;
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
  else return -i - 1;
  if (text[i] === '.') {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -i - 1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!isDigit(text.charCodeAt(i))) return -i - 1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** Offset of the first syntax error, or undefined when the text is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  const containers: ('{' | '[')[] = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) return state === 'after' && containers.length === 0 ? undefined : text.length;
    const char = text[i];
    if (state === 'value' || state === 'first-item') {
      if (state === 'first-item' && char === ']') {
        containers.pop();
        state = 'after';
        i++;
      } else if (char === '{' || char === '[') {
        containers.push(char);
        state = char === '{' ? 'first-key' : 'first-item';
        i++;
      } else {
        let end: number;
        if (char === '"') end = scanString(text, i);
        else if (char === '-' || isDigit(text.charCodeAt(i))) end = scanNumber(text, i);
        else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          end = literal ? i + literal.length : -i - 1;
        }
        if (end < 0) return -end - 1;
        i = end;
        state = 'after';
      }
    } else if (state === 'first-key' || state === 'key') {
      if (state === 'first-key' && char === '}') {
        containers.pop();
        state = 'after';
        i++;
      } else if (char === '"') {
        const end = scanString(text, i);
        if (end < 0) return -end - 1;
        i = end;
        state = 'colon';
      } else {
        return i;
      }
    } else if (state === 'colon') {
      if (char !== ':') return i;
      state = 'value';
      i++;
    } else {
      const top = containers.at(-1);
      if (top === undefined) return i;
      if (char === ',') state = top === '{' ? 'key' : 'value';
      else if ((char === '}' && top === '{') || (char === ']' && top === '[')) containers.pop();
      else return i;
      i++;
    }
  }
}
