// Inserts a virtual social security card into vpcd's reader ("Virtual PCD 00 00") until
// Ctrl+C (= card removed). For demos and manual checks of a box with vsmartcard-vpcd:
//   npx tsx devices/virtual/insert-card.ts 11010519491231002X 张三丰 [M|F] [YYYYMMDD]
// The birth date and sex default to the ones in the ID number.
import { VpcdCard } from './vpcd-card.js';
import { socialSecurityCard } from './social-security-card.js';

const [idNumber, name, sexArg, birthArg] = process.argv.slice(2);
if (!idNumber || !/^\d{17}[\dXx]$/.test(idNumber) || !name) {
  console.error('usage: npx tsx devices/virtual/insert-card.ts <18-digit ID number> <name> [M|F] [YYYYMMDD]');
  process.exit(2);
}
const sex = sexArg ?? (Number(idNumber[16]) % 2 === 1 ? 'M' : 'F');
const card = new VpcdCard(
  socialSecurityCard({
    idNumber: idNumber.toUpperCase(),
    name,
    sexCode: sex === 'M' ? '1' : '2',
    ethnicityCode: '01',
    birthDate: birthArg ?? idNumber.slice(6, 14),
    cardNumber: 'D' + idNumber.slice(-8),
  }),
);
card.on('removed', () => {
  console.log('card removed');
  process.exit(0);
});
await card.insert();
console.log(`card of ${name} inserted into vpcd (Ctrl+C removes it)`);
process.on('SIGINT', () => void card.remove().then(() => process.exit(0)));
