import { ReasonrlError } from '@reasonrl/core';

/** Only these characters may appear in a Countdown equation (TinyZero's `^[\d+\-*\/().\s]+$`). */
const ALLOWED = /^[\d+\-*/().\s]+$/;
const TOKEN = /\s*(\d+(?:\.\d+)?|\.\d+|[+\-*/()])/y;

/**
 * Evaluate an arithmetic expression of numbers, `+ - * /`, parentheses and unary signs, with the usual
 * precedence (what Python's `eval` does for such text). A small recursive-descent parser: no `eval`,
 * so model output can never run code.
 * @throws ReasonrlError EXPRESSION_INVALID for any other character, bad syntax or division by zero
 */
export function evaluateArithmetic(expression: string): number {
  if (!ALLOWED.test(expression))
    throw invalid(expression, 'only digits, + - * / ( ) . and spaces are allowed');
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < expression.length) {
    if (expression.slice(pos).trim() === '') break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(expression);
    if (!m) throw invalid(expression, `unexpected text at ${pos}`);
    tokens.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const expr = (): number => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = tokens[i++] === '+' ? v + term() : v - term();
    return v;
  };
  const term = (): number => {
    let v = unary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[i++];
      const r = unary();
      if (op === '/' && r === 0) throw invalid(expression, 'division by zero');
      v = op === '*' ? v * r : v / r;
    }
    return v;
  };
  const unary = (): number => {
    const sign = peek();
    if (sign !== '-' && sign !== '+') return primary();
    i++;
    return sign === '-' ? -unary() : unary();
  };
  const primary = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = expr();
      if (tokens[i++] !== ')') throw invalid(expression, "missing ')'");
      return v;
    }
    if (t !== undefined && /^[\d.]/.test(t)) return Number(t);
    throw invalid(expression, t === undefined ? 'ends too early' : `unexpected '${t}'`);
  };
  const value = expr();
  if (i !== tokens.length) throw invalid(expression, `unexpected '${tokens[i]}'`);
  return value;
}

function invalid(expression: string, why: string): ReasonrlError {
  return new ReasonrlError(
    'EXPRESSION_INVALID',
    `cannot evaluate ${JSON.stringify(expression.slice(0, 80))}: ${why}`,
  );
}
