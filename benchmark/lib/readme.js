'use strict';
// Puts the latest table into benchmark/README.md, between its two markers.
const fs = require('fs');
const path = require('path');

const FILE = path.join(__dirname, '..', 'README.md');
const START = '<!-- results:start (written by `npm run bench`) -->';
const END = '<!-- results:end -->';

function update(markdown) {
  let text;
  try {
    text = fs.readFileSync(FILE, 'utf8');
  } catch {
    return false;
  }
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  fs.writeFileSync(FILE, `${text.slice(0, a + START.length)}\n\n${markdown}\n${text.slice(b)}`);
  return true;
}

module.exports = { update, START, END };
