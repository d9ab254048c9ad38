// English for the audit log screen. Spread into src/i18n/en.ts.
export default {
  audit: {
    title: 'Audit log',
    seq: 'Seq',
    time: 'Time',
    actor: 'Actor',
    role: 'Role',
    ip: 'IP',
    action: 'Action',
    objectType: 'Object type',
    objectId: 'Object',
    outcome: 'Outcome',
    detail: 'Detail',
    success: 'Success',
    failure: 'Failure',
    range: 'Time range',
    from: 'From',
    to: 'To',
    verify: 'Verify chain',
    verifyOk: 'The hash chain is intact; {n} records checked',
    verifyBroken: 'The hash chain breaks at record {seq}: {reason} ({n} checked)',
    verifyAnchorBad: 'The anchor log cannot be trusted: {reason}',
    anchored: 'It matches {n} signed anchors kept outside the database; the newest, of {time}, names record {seq}.',
    notAnchored:
      'Not checked against signed anchors: the server has none yet, or sends them to a syslog or HTTP collector (check those with healthgrid audit verify --anchors).',
  },
}
