// How a patient pays (and is paid back); the insurance fund's part is recorded as its own method.
export type PayMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay';
export const PAY_METHODS: readonly PayMethod[] = ['cash', 'bank_card', 'wechat', 'alipay'];
