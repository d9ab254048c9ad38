// English for the unit screens. Spread into src/i18n/en.ts.
export default {
  unitType: {
    health_commission: 'Health commission',
    cdc: 'CDC',
    hospital: 'Hospital',
    community_health_center: 'Community health centre',
    township_health_center: 'Township health centre',
    village_clinic: 'Village clinic',
    street_office: 'Street office',
    community_committee: 'Community committee',
    police_station: 'Police station',
    party_branch: 'Party branch',
    volunteer_org: 'Volunteer organisation',
    other: 'Other',
  },
  unit: {
    title: 'Units',
    name: 'Name',
    type: 'Type',
    region: 'Region',
    phone: 'Phone',
    address: 'Address',
    createTitle: 'New unit',
    editTitle: 'Edit unit',
    keywordPlaceholder: 'Unit name',
  },
}
