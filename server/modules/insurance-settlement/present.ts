// How a settlement's split and an uploaded line are shown (to the cashier, on the receipt).
import { CHRGITM_LV, FUND_PAY_TYPE } from '../../../core/insurance-wire.js';
import type { Money, ParsedSettlement } from './answers.js';
import type * as repo from './repo.js';
import type { FeeLineView, SettlementView, Split } from './schema.js';

export const fundName = (type: string) => FUND_PAY_TYPE[type as keyof typeof FUND_PAY_TYPE] ?? type;
export const levelName = (lv: string | null) => (lv ? (CHRGITM_LV[lv as keyof typeof CHRGITM_LV] ?? lv) : null);

export function splitOf(
  m: Money,
  funds: readonly { fundPayType: string; amountFen: number }[],
  poolPropSelfpay: string | null,
): Split {
  return {
    medfeeFen: m.medfee_sumamt_fen,
    fulamtOwnpayFen: m.fulamt_ownpay_amt_fen,
    overlmtSelfpayFen: m.overlmt_selfpay_fen,
    preselfpayFen: m.preselfpay_amt_fen,
    inscpScpFen: m.inscp_scp_amt_fen,
    actPayDedcFen: m.act_pay_dedc_fen,
    hifpFen: m.hifp_pay_fen,
    hifmiFen: m.hifmi_pay_fen,
    mafFen: m.maf_pay_fen,
    otherFundFen: m.cvlserv_pay_fen + m.hifes_pay_fen + m.hifob_pay_fen + m.oth_pay_fen,
    fundFen: m.fund_pay_sumamt_fen,
    acctFen: m.acct_pay_fen,
    psnPartFen: m.psn_part_amt_fen,
    psnCashFen: m.psn_cash_pay_fen,
    balcFen: m.balc_fen,
    poolPropSelfpay,
    funds: funds.map((f) => ({ fundPayType: f.fundPayType, name: fundName(f.fundPayType), amountFen: f.amountFen })),
  };
}

export function splitOfParsed(p: ParsedSettlement): Split {
  return splitOf(
    p.money,
    p.funds.map((f) => ({ fundPayType: f.fundPayType, amountFen: f.fundPayamtFen })),
    p.poolPropSelfpay,
  );
}

export function splitOfRow(
  s: repo.SettlementRow,
  funds: readonly { settlement_id: number; fund_pay_type: string; fund_payamt_fen: number }[],
): Split {
  return splitOf(
    s as unknown as Money,
    funds
      .filter((f) => f.settlement_id === s.id)
      .map((f) => ({ fundPayType: f.fund_pay_type, amountFen: f.fund_payamt_fen })),
    s.pool_prop_selfpay,
  );
}

export function settlementView(
  s: repo.SettlementRow,
  funds: readonly { settlement_id: number; fund_pay_type: string; fund_payamt_fen: number }[],
): SettlementView {
  return {
    id: s.id,
    setlId: s.setl_id,
    billId: s.bill_id,
    state: s.state,
    insutype: s.insutype,
    setlTime: s.setl_time,
    businessDay: s.business_day,
    split: splitOfRow(s, funds),
    applyError: s.apply_error,
    cancelSetlId: s.cancel_setl_id,
    refundBillId: s.refund_bill_id,
    createdAt: s.created_at,
  };
}

type OrderLine = Awaited<ReturnType<typeof repo.orderLinesOf>>[number];
type FeeRow = repo.FeeLine;

/** A bill line as the cashier sees it: with the insurer's answer once uploaded. */
export function feeLineView(
  l: OrderLine,
  status: FeeLineView['status'],
  fee: FeeRow | null,
  medListCodg: string | null,
  lmtUsedFlag: string | null,
): FeeLineView {
  return {
    orderId: l.order_id,
    orderLineId: l.id,
    itemId: l.item_id,
    name: l.item_name,
    spec: l.item_spec,
    quantity: l.quantity,
    unit: l.item_unit,
    amountFen: l.amount_fen,
    status,
    feedetlSn: fee?.feedetl_sn ?? null,
    medListCodg: fee?.med_list_codg ?? medListCodg,
    chrgitmLv: fee?.chrgitm_lv ?? null,
    chrgitmLvName: levelName(fee?.chrgitm_lv ?? null),
    fulamtOwnpayFen: fee?.fulamt_ownpay_amt_fen ?? null,
    overlmtFen: fee?.overlmt_amt_fen ?? null,
    preselfpayFen: fee?.preselfpay_amt_fen ?? null,
    inscpScpFen: fee?.inscp_scp_amt_fen ?? null,
    selfpayProp: fee?.selfpay_prop ?? null,
    lmtUsedFlag: fee?.lmt_used_flag ?? lmtUsedFlag,
    hospApprFlag: fee?.hosp_appr_flag ?? l.hosp_appr_flag,
    memo: fee?.memo ?? null,
  };
}

/** The receipt's insurance block (devices/printer/layouts/receipt.ts prints it). */
export function receiptInsurance(setlId: string, insutype: string, split: Split) {
  return {
    setlId,
    insutype,
    inscpScpFen: split.inscpScpFen,
    fulamtOwnpayFen: split.fulamtOwnpayFen,
    overlmtSelfpayFen: split.overlmtSelfpayFen,
    preselfpayFen: split.preselfpayFen,
    actPayDedcFen: split.actPayDedcFen,
    fundFen: split.fundFen,
    funds: split.funds.map((f) => ({ name: f.name, amountFen: f.amountFen })),
    acctFen: split.acctFen,
    psnCashFen: split.psnCashFen,
    balcFen: split.balcFen,
  };
}
