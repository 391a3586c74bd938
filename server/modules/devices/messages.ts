// What the bound screen says for each card-reader failure (zh / en).
import type { CardErrorCode } from '../../../devices/card-reader/types.js';
import { t, type Text } from '../../../core/i18n.js';

export function cardErrorText(code: CardErrorCode): Text {
  switch (code) {
    case 'unknown_card':
      return t('无法识别此卡：请插入社会保障卡。', 'This card is not recognised: insert a social security card.');
    case 'read_failed':
      return t(
        '读卡失败：请取出卡片重新插入；仍不行请手工录入。',
        'The card could not be read: take it out and insert it again; if it still fails, enter the patient by hand.',
      );
    case 'bad_data':
      return t(
        '卡内信息无法识别（姓名或证件号格式不对）：请手工录入。',
        'The data on the card is not valid (name or ID number): enter the patient by hand.',
      );
    case 'card_removed':
      return t(
        '读卡过程中卡片被拔出：请重新插入，读完前不要拔卡。',
        'The card was pulled out during the read: insert it again and leave it in until the read is done.',
      );
    case 'no_card':
      return t('读卡器中没有卡片。', 'There is no card in the reader.');
    case 'reader_gone':
      return t('读卡器已断开：请检查读卡器的连接线。', 'The card reader is disconnected: check its cable.');
    case 'in_use':
      return t(
        '读卡器或卡片正被其他程序占用(如 pcsc_scan、另一台服务器或读卡软件):请关闭该程序,卡片不用拔出。',
        'Another program is using the card or the reader (e.g. pcsc_scan, a second server or card software): ' +
          'close it; the card can stay in.',
      );
    case 'service_down':
      return t('读卡服务（pcscd）未运行：请联系信息科。', 'The card service (pcscd) is not running: call the IT desk.');
  }
}
