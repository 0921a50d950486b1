'use strict';
// The small messages of the Worker scenario, one per kind. The same value is
// sent every time, so every call copies the same amount.
module.exports = {
  number: 1,
  string: 'progress 42%',
  object: { id: 7, progress: 0.5, label: 'step' },
};
