/**
 * Small hand-built case sets for the funnel model tests. Every expected figure in the tests is
 * worked out by hand from these (see the comments next to each case).
 */

/** '2024-05-06T09:00:00+08:00' from ('05-06', '09:00'). */
export const at = (monthDay: string, time: string): string => `2024-${monthDay}T${time}:00+08:00`;

/**
 * City management (report 0, file 1, dispatch 2, handle 3, feedback 4, verify 5, evaluate 6),
 * judged at NOW_CITY. Deadlines exist for dispatch and handle only, so feedback, verify and
 * evaluate have no deadline at all.
 */
export const NOW_CITY = at('05-10', '12:00');
export const cityCases = [
  // c1: the whole loop; leaves dispatch and handle exactly at their deadlines (on time).
  {
    id: 'c1',
    tier: 'small',
    channel: 'patrol',
    grid: 'g1',
    rating: 'satisfied',
    resolved: true,
    stages: {
      report: at('05-06', '09:00'),
      file: at('05-06', '09:30'),
      dispatch: at('05-06', '10:00'),
      handle: at('05-06', '11:00'),
      feedback: at('05-07', '11:00'),
      verify: at('05-07', '15:00'),
      evaluate: at('05-08', '09:00'),
    },
    due: { dispatch: at('05-06', '11:00'), handle: at('05-07', '11:00') },
  },
  // c2: self-handled (skips file and dispatch), handling late by 30 min, reworked twice.
  {
    id: 'c2',
    tier: 'micro',
    channel: 'app',
    grid: 'g2',
    reworks: 2,
    stages: {
      report: at('05-06', '08:00'),
      handle: at('05-06', '08:30'),
      feedback: at('05-06', '12:30'),
      verify: at('05-06', '14:00'),
      evaluate: at('05-07', '10:00'),
    },
    due: { handle: at('05-06', '12:00') },
  },
  // c3: voided at filing.
  { id: 'c3', tier: 'small', channel: 'hotline', grid: 'g1', status: 'void', stages: { report: at('05-07', '09:00'), file: at('05-07', '10:00') } },
  // c4: parked in handling; dispatched exactly at its deadline.
  {
    id: 'c4',
    tier: 'big',
    channel: 'patrol',
    grid: 'g2',
    status: 'parked',
    stages: { report: at('05-07', '09:00'), file: at('05-07', '09:20'), dispatch: at('05-07', '09:40'), handle: at('05-07', '10:40') },
    due: { dispatch: at('05-07', '10:40') },
  },
  // c5: open in handling, past its handling deadline: owed to feedback, verify and evaluate.
  {
    id: 'c5',
    tier: 'big',
    channel: 'video',
    grid: 'g1',
    stages: { report: at('05-08', '09:00'), file: at('05-08', '09:10'), dispatch: at('05-08', '09:30'), handle: at('05-08', '10:00') },
    due: { dispatch: at('05-08', '10:30'), handle: at('05-09', '10:00') },
  },
  // c6: open in dispatch, not yet due.
  {
    id: 'c6',
    tier: 'small',
    channel: 'patrol',
    grid: 'g3',
    stages: { report: at('05-10', '09:00'), file: at('05-10', '10:00'), dispatch: at('05-10', '11:00') },
    due: { dispatch: at('05-10', '13:00') },
  },
  // c7: open in dispatch, due exactly now (not overdue yet).
  {
    id: 'c7',
    tier: 'micro',
    channel: 'app',
    grid: 'g3',
    stages: { report: at('05-10', '08:00'), file: at('05-10', '08:30'), dispatch: at('05-10', '09:00') },
    due: { dispatch: at('05-10', '12:00') },
  },
  // c8: the whole loop, dispatched 1 h late, reworked once.
  {
    id: 'c8',
    tier: 'small',
    channel: 'hotline',
    grid: 'g2',
    reworks: 1,
    rating: 'basically-satisfied',
    resolved: false,
    stages: {
      report: at('05-06', '13:00'),
      file: at('05-06', '13:10'),
      dispatch: at('05-06', '13:20'),
      handle: at('05-06', '15:20'),
      feedback: at('05-06', '18:20'),
      verify: at('05-07', '09:00'),
      evaluate: at('05-07', '12:00'),
    },
    due: { dispatch: at('05-06', '14:20'), handle: at('05-07', '15:20') },
  },
  // c9: open in dispatch past its deadline: owed to handling only (handling has deadlines).
  {
    id: 'c9',
    tier: 'small',
    channel: 'patrol',
    grid: 'g3',
    stages: { report: at('05-09', '09:00'), file: at('05-09', '09:30'), dispatch: at('05-09', '10:00') },
    due: { dispatch: at('05-09', '11:00') },
  },
  // c10: open in verify (no deadline there), everything on time so far.
  {
    id: 'c10',
    tier: 'big',
    channel: 'app',
    grid: 'g1',
    rating: 'dissatisfied',
    stages: {
      report: at('05-08', '14:00'),
      file: at('05-08', '14:10'),
      dispatch: at('05-08', '14:20'),
      handle: at('05-08', '15:00'),
      feedback: at('05-09', '09:00'),
      verify: at('05-09', '10:00'),
    },
    due: { dispatch: at('05-08', '15:20'), handle: at('05-09', '15:00') },
  },
];

/**
 * 12345 hotline (accept 0, dispatch 1, handle 2, reply 3, supervise 4, complete 5, revisit 6,
 * rate 7), judged at NOW_HOTLINE. Only h2 goes through supervise, so complete outnumbers it.
 */
const june = (day: string, time: string) => `2024-06-${day}T${time}:00+08:00`;
export const NOW_HOTLINE = june('03', '12:00');
export const hotlineCases = [
  // h1: the whole loop except supervise, every deadline met.
  {
    id: 'h1',
    rating: 'satisfied',
    resolved: true,
    stages: {
      accept: june('01', '09:00'),
      dispatch: june('01', '09:10'),
      handle: june('01', '10:00'),
      reply: june('01', '16:00'),
      complete: june('01', '17:00'),
      revisit: june('02', '10:00'),
      rate: june('02', '10:05'),
    },
    due: { dispatch: june('01', '10:00'), handle: june('02', '10:00') },
  },
  // h2: taken up 30 min after the dispatch deadline, supervised, completed.
  {
    id: 'h2',
    rating: 'dissatisfied',
    resolved: false,
    stages: {
      accept: june('01', '09:00'),
      dispatch: june('01', '09:30'),
      handle: june('01', '11:00'),
      reply: june('01', '15:00'),
      supervise: june('01', '16:00'),
      complete: june('02', '09:00'),
      revisit: june('02', '11:00'),
      rate: june('02', '11:10'),
    },
    due: { dispatch: june('01', '10:30'), handle: june('02', '11:00') },
  },
  // h3: open at reply past its reply deadline: owed to supervise, complete, revisit and rate.
  {
    id: 'h3',
    stages: { accept: june('02', '08:00'), dispatch: june('02', '08:20'), handle: june('02', '08:50'), reply: june('02', '12:00') },
    due: { dispatch: june('02', '09:20'), handle: june('03', '08:50'), reply: june('03', '08:00') },
  },
  // h4: voided at acceptance.
  { id: 'h4', status: 'void', stages: { accept: june('02', '09:00') } },
  // h5: open at dispatch past its deadline: owed to handle only.
  { id: 'h5', stages: { accept: june('03', '09:00'), dispatch: june('03', '09:05') }, due: { dispatch: june('03', '10:05') } },
  // h6: completed, not yet revisited; judged resolved without a rating.
  {
    id: 'h6',
    resolved: true,
    stages: {
      accept: june('01', '10:00'),
      dispatch: june('01', '10:10'),
      handle: june('01', '11:00'),
      reply: june('01', '14:00'),
      complete: june('01', '15:00'),
    },
    due: { dispatch: june('01', '11:00'), handle: june('02', '11:00') },
  },
];

/** China 2024 around May Day: 1–5 May off, Sunday 28 April and Saturday 11 May worked. */
export const mayDayCalendar = {
  weekdays: [1, 2, 3, 4, 5],
  hours: [
    [9, 12],
    [13.5, 18],
  ] as Array<[number, number]>,
  holidays: ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05'],
  workdays: ['2024-04-28', '2024-05-11'],
  timeZone: '+08:00',
};
