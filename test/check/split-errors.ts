/**
 * Wrong split programs (LANGUAGE.md §12.5) for the checker's diagnostics
 * corpus (errors.test.ts): shares, names, and what a split may divide.
 */
const PRO = 'audience pro = account where plan = "pro"\n';

export const splitCases = [
  {
    name: 'a share of 0%',
    src: `${PRO}split s = pro into a 0%, b 100%`,
    code: 'split-percent-not-positive',
    at: '0%',
    message: 'the share of `a` is 0%: every part needs more than 0%',
  },
  {
    name: 'a negative share',
    src: `${PRO}split s = pro into a -10%, b 110%`,
    code: 'split-percent-not-positive',
    at: '-10%',
    message: 'the share of `a` is -10%: every part needs more than 0%',
  },
  {
    name: 'a share with three decimals',
    src: `${PRO}split s = pro into a 12.505%, b 87.5%`,
    code: 'split-percent-precision',
    at: '12.505%',
    message: 'the share of `a` is 12.505%: a share has at most two decimals',
  },
  {
    name: 'shares short of 100%',
    src: `${PRO}split s = pro into a 10%, b 80%`,
    code: 'split-percent-sum',
    at: 'split s = pro into a 10%, b 80%',
    message: 'the parts of split `s` add up to 90%, not 100%',
  },
  {
    // 33.33 + 33.33 + 33.33 is 99.99 in basis points, whatever floating point would round to.
    name: 'thirds that miss 100% by a basis point',
    src: `${PRO}split s = pro into a 33.33%, b 33.33%, c 33.33%`,
    code: 'split-percent-sum',
    at: 'split s = pro into a 33.33%, b 33.33%, c 33.33%',
    message: 'the parts of split `s` add up to 99.99%, not 100%',
  },
  {
    name: 'a split of an unknown audience',
    src: `${PRO}split s = prp into a 50%, b 50%`,
    code: 'name-unknown-audience',
    at: 'prp',
    message: 'unknown audience `prp`',
    hints: ['did you mean `pro`?'],
  },
  {
    name: 'a split of a trait',
    src: 'trait logins = account count "Logged In"\nsplit s = logins into a 50%, b 50%',
    code: 'name-trait-as-audience',
    at: 'logins',
    after: 'split s = ',
    message: '`logins` is a trait, not an audience',
    hints: [
      'a split divides the members of an audience: name one defined with `audience NAME = …`',
    ],
  },
  {
    name: 'a part named like an existing audience',
    src: `${PRO}split s = pro into pro 50%, b 50%`,
    code: 'name-duplicate',
    at: 'pro',
    after: 'into ',
    message: '`pro` is defined more than once',
    hints: ['rename one of them: names are unique across all files of a project'],
  },
  {
    name: 'two parts with one name',
    src: `${PRO}split s = pro into a 50%, a 50%`,
    code: 'name-duplicate',
    at: 'a',
    after: '50%, ',
    message: '`a` is defined more than once',
    hints: ['rename one of them: names are unique across all files of a project'],
  },
  {
    name: 'the split name used as an audience',
    src: `${PRO}split s = pro into a 50%, b 50%\naudience x = account where in s`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'where in ',
    message: '`s` is a split, not an audience',
    hints: ['its parts are the audiences: `in a`, `in b`'],
  },
  {
    name: 'the split name synced',
    src: `${PRO}split s = pro into a 50%, b 50%\nsync s to zendesk with group`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'sync ',
    message: '`s` is a split, not an audience',
    hints: ['sync one of its parts: `a`, `b`'],
  },
  {
    name: 'a split of a split name',
    src: `${PRO}split s = pro into a 50%, b 50%\nsplit t = s into c 50%, d 50%`,
    code: 'name-split-not-audience',
    at: 's',
    after: 'split t = ',
    message: '`s` is a split, not an audience',
    hints: ['split one of its parts instead: `a`, `b`'],
  },
];
