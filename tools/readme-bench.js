#!/usr/bin/env node
'use strict';
// Copies the machine stamp and the throughput tables of the latest benchmark
// run (benchmark/results/latest.md) into README.md, between the bench markers.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const latest = fs.readFileSync(path.join(root, 'benchmark', 'results', 'latest.md'), 'utf8');
const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');

const sections = latest.split(/\n(?=### )/);
const stamp = sections[0].trim();
const keep = sections.filter((s) => /^### (Throughput|Producer cost|Worker bridge)/.test(s)).map((s) => s.trim());
const notes = latest.split('\n').filter((line) => /^[¹²³]/.test(line));
const block = [stamp, ...keep, ...notes].join('\n\n').replace(/^### /gm, '#### ');

const start = '<!-- bench:start (copied from benchmark/results/latest.md) -->';
const end = '<!-- bench:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < 0) throw new Error('README.md has no bench markers');
fs.writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${block}\n${readme.slice(to)}`);
