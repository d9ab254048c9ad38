// The venue scan's words in English.
export default {
  venue: {
    scanTitle: 'Venue check-in',
    kinds: { school: 'School', market: 'Market', clinic: 'Clinic', restaurant: 'Restaurant', workplace: 'Workplace', transport: 'Transport', other: 'Other' },
    why: 'Check in when you enter, so that you can be told at once of an outbreak here. Records are deleted after 14 days.',
    checkIn: 'Check in',
    doneTitle: 'Checked in',
    leftTitle: 'Left',
    timeIn: 'In',
    timeOut: 'Out',
    stayHint: 'Not checked out: counted as leaving by {at}',
    leave: 'Leave',
    left: 'Checked out',
    mine: 'My venue check-ins',
    kept: 'Your check-ins of the last 14 days; older ones are deleted',
    none: 'No check-ins in the last 14 days',
    about: 'about {at}',
    badLink: 'The poster link is incomplete; scan the venue poster again',
  },
}
