// Inserts the virtual social security card of an insured demo person (simulator/insurer/
// persons.json: the same card number the insurer simulator knows, so 1101 by card finds them)
// into vpcd's reader until Ctrl+C. For demos on a box with vsmartcard-vpcd:
//   npx tsx demo/insert-insured-card.ts 王建国        (no name: lists the insured persons)
import { socialSecurityCard } from '../devices/virtual/social-security-card.js';
import { VpcdCard } from '../devices/virtual/vpcd-card.js';
import { PERSONS } from '../simulator/insurer/persons.js';

const name = process.argv[2];
const p = PERSONS.find((x) => x.psn_name === name);
if (!p) {
  console.error('usage: npx tsx demo/insert-insured-card.ts <name>; the insured demo persons:');
  for (const x of PERSONS) {
    const insu = x.insuinfo.map((i) => `${i.insutype}${i.psn_insu_stas === '1' ? '' : ' (暂停)'}`).join(', ');
    const idet = x.idetinfo.map((i) => i.memo).join(', ');
    console.error(`  ${x.psn_name}  ${x.certno}  card ${x.card_no}  ${insu}${idet ? `  ${idet}` : ''}`);
  }
  process.exit(2);
}
const card = new VpcdCard(
  socialSecurityCard({
    idNumber: p.certno,
    name: p.psn_name,
    sexCode: p.gend,
    ethnicityCode: p.naty,
    birthDate: p.brdy.replace(/-/g, ''),
    cardNumber: p.card_no,
    cardSn: p.card_sn,
  }),
);
card.on('removed', () => {
  console.log('card removed');
  process.exit(0);
});
await card.insert();
console.log(`card of ${p.psn_name} (${p.card_no}, card_sn ${p.card_sn}) inserted into vpcd (Ctrl+C removes it)`);
process.on('SIGINT', () => void card.remove().then(() => process.exit(0)));
