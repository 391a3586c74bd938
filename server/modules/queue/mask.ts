// Names on public screens and tickets are partly masked (PIPL: minimum exposure):
// 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧*娜.
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '*';
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}
