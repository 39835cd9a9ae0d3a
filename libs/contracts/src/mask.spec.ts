import { looksLikePhoneNumber, maskCallerNumber, maskIdentifier, maskNumbersInText, maskPhoneNumbers } from './mask';

describe('maskCallerNumber', () => {
  it('keeps the first 3 and last 4 characters of an 11+ character number, the length unchanged', () => {
    expect(maskCallerNumber('13812345678')).toBe('138****5678');
    expect(maskCallerNumber('+12025550101')).toBe('+12*****0101');
    expect(maskCallerNumber('008613812345678')).toBe('008********5678');
  });

  it('keeps 2 + 2 of 7..10 characters, the last one of 3..6, nothing of shorter ones', () => {
    expect(maskCallerNumber('90000126')).toBe('90****26'); // an Anonymous Bank customer id
    expect(maskCallerNumber('1234567')).toBe('12***67');
    expect(maskCallerNumber('1234567890')).toBe('12******90');
    expect(maskCallerNumber('123456')).toBe('*****6');
    expect(maskCallerNumber('123')).toBe('**3');
    expect(maskCallerNumber('12')).toBe('**');
    expect(maskCallerNumber('7')).toBe('*');
  });

  it('gives null for no number', () => {
    expect(maskCallerNumber(null)).toBeNull();
    expect(maskCallerNumber(undefined)).toBeNull();
    expect(maskCallerNumber('')).toBeNull();
  });

  it('hides the whole middle: only the kept head and tail remain', () => {
    for (const [n, head, tail] of [['13812345678', 3, 4], ['+12025550101', 3, 4], ['90000126', 2, 2]] as const) {
      const masked = maskCallerNumber(n)!;
      expect(masked).toHaveLength(n.length);
      expect(masked.slice(0, head)).toBe(n.slice(0, head));
      expect(masked.slice(n.length - tail)).toBe(n.slice(n.length - tail));
      expect(masked.slice(head, n.length - tail)).toMatch(/^\*+$/);
    }
  });
});

describe('maskNumbersInText', () => {
  it('masks every run of 5+ digits (with an optional +) in a raw queue_log line, keeping Unix times and call ids', () => {
    const line = '1546015415|1546015415.757927|201|NONE|ENTERQUEUE||+12025550101|1';
    const masked = maskNumbersInText(line);
    expect(masked).toBe('1546015415|1546015415.757927|201|NONE|ENTERQUEUE||+12*****0101|1');
    expect(masked).not.toContain('+12025550101');
    expect(masked).not.toContain('2025550101');
  });

  it('masks numbers inside words and JSON, and leaves short numbers (queue 201, position 1) alone', () => {
    expect(maskNumbersInText('{"callerId":"13800000009","queue":"201"}')).toBe('{"callerId":"138****0009","queue":"201"}');
    expect(maskNumbersInText('epoch "17000001xx" is not a number')).toBe('epoch "17****01xx" is not a number');
    expect(maskNumbersInText('AA0101\t34536\t90000126\t0')).toBe('AA0101\t****6\t90****26\t0');
    expect(maskNumbersInText('no digits here')).toBe('no digits here');
  });

  it('masks a number next to a full stop, and keeps its fraction', () => {
    expect(maskNumbersInText('call me on 13912345678. urgent')).toBe('call me on 139****5678. urgent');
    expect(maskNumbersInText('x|13912345678.0|y')).toBe('x|139****5678.0|y');
    expect(maskNumbersInText('on.13912345678')).toBe('on.139****5678');
    expect(maskNumbersInText('+1546015415')).toBe('+15****5415'); // a + marks a telephone number, not a time
    expect(maskNumbersInText('13912345678.757927')).toBe('139****5678.757927');
  });

  it('masks a number that follows a letter or a colon (customer ids in keys)', () => {
    expect(maskNumbersInText('caller:13812345678;')).toBe('caller:138****5678;');
    expect(maskNumbersInText('tel13812345678')).toBe('tel138****5678');
  });
});

describe('maskPhoneNumbers', () => {
  it.each([
    ['来电人 13812345678 反映', '来电人 138****5678 反映'],
    ['来电人 138 1234 5678', '来电人 138****5678'],
    ['座机 0591-87654321。', '座机 059*****4321。'],
    ['+86 138-1234-5678', '+86*******5678'],
    ['本月来话 18240 次，接通率 92.50%', '本月来话 18240 次，接通率 92.50%'],
    ['2026-12-07 10:30 培训', '2026-12-07 10:30 培训'],
    ['通话 1546015415 已复核', '通话 1546015415 已复核'],
  ])('%s', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });
});

describe('maskPhoneNumbers: the ways people write a phone number', () => {
  it.each([
    ['138.1234.5678', '138****5678'],
    ['138/1234/5678', '138****5678'],
    ['138 12 34 56 78', '138****5678'],
    ['138-1234-5678 回电', '138****5678 回电'],
    ['138 - 1234 - 5678', '138****5678'],
    ['(0591) 8765 4321', '(059*****4321'],
    ['（0591）87654321', '（059*****4321'],
    ['１３８１２３４５６７８', '138****5678'],
    ['１３８－１２３４－５６７８', '138****5678'],
    ['电话一三八一二三四五六七八。', '电话138****5678。'],
    ['幺三八幺二三四五六七八', '138****5678'],
    ['一三八 两二三四 五六七八', '138****5678'],
    ['138\u200b1234\u200b5678', '138****5678'],
    ['call 13812345678.', 'call 138****5678.'],
    ['13812345678 13912345678', '138****5678 139****5678'],
    ['138 1234 5678 / 139-1234-5678', '138****5678 / 139****5678'],
    ['0591-87654321 13812345678', '059*****4321 138****5678'],
    ['138,1234,5678', '138****5678'],
    ['回电 138，1234，5678。', '回电 138****5678。'],
    ['138、1234、5678', '138****5678'],
    ['138, 1234, 5678', '138****5678'],
    ['138–1234–5678', '138****5678'], // en dash
    ['138—1234—5678', '138****5678'], // em dash
    ['138——1234——5678', '138****5678'], // Chinese input methods' dash
    ['138 —— 1234 —— 5678', '138****5678'],
    ['138\u22121234\u22125678', '138****5678'], // minus sign
    ['138\u20151234\u20155678', '138****5678'], // horizontal bar
    ['138\u20101234\u20115678', '138****5678'], // hyphen, non-breaking hyphen
    ['（0591）—87654321', '（059*****4321'],
    ['138_1234_5678', '138****5678'],
    ['138＿1234＿5678', '138****5678'],
    ['138 - 1234 — 5678', '138****5678'],
    ['138·1234·5678', '138****5678'], // middle dot (a Chinese input method's back-quote key)
    ['138・1234・5678', '138****5678'],
    ['138･1234･5678', '138****5678'], // half-width
    ['座机 0591·87654321', '座机 059*****4321'],
    ['13,812,345,678', '138****5678'], // thousands-formatted, but a mobile number's digits
    ['共 1,234,567 元，来电 138,1234,5678', '共 1,234,567 元，来电 138****5678'],
    ['138，1234，5678；13912345678', '138****5678；139****5678'],
    ['座机 0591，8765，4321', '座机 059*****4321'],
    ['138-123-4567', '13******67'], // 10 digits with separators: not a Unix time
    ['138_12_34_56_78', '138****5678'],
    ['共 5 138,1234,5678', '共 5 138****5678'],
    ['9234567890,123 4567', '92******90,12***67'],
    ['0591 8765,4321', '059*****4321'],
  ])('%s', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });

  it.each([
    ['请拨打 12123 或 122，紧急情况 110'],
    ['2026-12-07 08:30 培训'],
    ['2026/12/07 08:30:00'],
    ['2026.12.07'],
    ['07/12/2026'],
    ['2026-12-07T08:30:00.000Z'],
    ['{"from":"2100-12-31","to":"2100-12-31","periodFrom":"2100-12-30T16:00:00.000Z"}'],
    ['共 18240 次，接通率 92.50%'],
    ['客服热线 400-810-8888'],
    ['caller asked for a call-back about case 2026-117'],
    ['文号 2026/0001'],
    ['第一次来电，两个问题'],
    ['通话 1546015415.757927'],
    ['138****5678'],
    ['金额 1,234,567 元'],
    ['金额 1,234,567.89 元'],
    ['本月来话 18,240 次，接通 17,000 次，1,234,567 元'],
    ['金额 １，２３４，５６７ 元'],
    ['分机 201,202,203'],
    ['2026–12–07 08:30'],
    ['2026—12—07'],
    ['case 2026—117'],
    ['服务年限 1998—2026'],
    ['阿卜杜·艾力 第1·2条 2026·12·07'],
    ['通话 1546015415—757927'],
    ['请拨打 12123、122、110'],
    ['第 1、2、3、4、5、6、7 条'],
    ['工号 1001,1002，1003'],
    ['{"skills":[1,2,3,4,5,6,7],"queues":[1001,1002,1003]}'],
    ['12123_122_110'],
    ['8765,4321'],
    ['138****5678，139****5678'],
  ])('keeps %s', (text) => {
    expect(maskPhoneNumbers(text)).toBe(text);
  });

  it('is idempotent: a masked text is not masked again', () => {
    const once = maskPhoneNumbers('138 1234 5678 和 0591-87654321');
    expect(maskPhoneNumbers(once)).toBe(once);
    const listed = maskPhoneNumbers('138，1234，5678、139—1234—5678、1,234,567 元');
    expect(listed).toBe('138****5678、139****5678、1,234,567 元');
    expect(maskPhoneNumbers(listed)).toBe(listed);
    const headed = maskPhoneNumbers('工号 12345 13812345678');
    expect(headed).toBe('工号 12345 138****5678');
    expect(maskPhoneNumbers(headed)).toBe(headed); // the kept head 138 does not join 12345 on a second pass
  });

  it('takes a number across one line break whole only when it is a whole mobile or fixed-line number', () => {
    expect(maskPhoneNumbers('回电 138 1234\n5678 谢谢')).toBe('回电 138****5678 谢谢');
    expect(maskPhoneNumbers('138 1234\r\n5678')).toBe('138****5678');
    expect(maskPhoneNumbers('座机 0591-\n87654321')).toBe('座机 059*****4321');
    expect(maskPhoneNumbers('数量 12\n13812345678')).toBe('数量 12\n138****5678');
    expect(maskPhoneNumbers('工号 1001\n1002')).toBe('工号 1001\n1002');
    expect(maskPhoneNumbers('138 1234\n\n5678')).toBe('13***34\n\n5678'); // a paragraph break is no line break inside a number
  });

  it('maskNumbersInText never joins the fields of a raw line across a line break', () => {
    expect(maskNumbersInText('a|138 1234\n5678|b')).toBe('a|13***34\n5678|b');
    expect(maskNumbersInText('1546015415,201,45,120,3')).toBe('1546015415,201,45,120,3');
    expect(maskNumbersInText('9234567890,123 4567')).toBe('92******90,12***67');
    expect(maskNumbersInText('reason: 138，1234，5678')).toBe('reason: 138****5678');
    expect(maskNumbersInText('reason: 138–1234–5678, 共 1,234,567 元')).toBe('reason: 138****5678, 共 1,234,567 元');
  });

  it('maskNumbersInText masks the written forms too', () => {
    expect(maskNumbersInText('reason: １３８１２３４５６７８')).toBe('reason: 138****5678');
    expect(maskNumbersInText('reason: 138.1234.5678')).toBe('reason: 138****5678');
    expect(maskNumbersInText('reason: 一三八一二三四五六七八')).toBe('reason: 138****5678');
  });
});

describe('looksLikePhoneNumber', () => {
  it.each(['13812345678', '138-1234-5678', '138.1234.5678', '+86 138 1234 5678', '0591-87654321', '１３８１２３４５６７８', '一三八一二三四五六七八', 'WO13812345678', 'rec-13812345678.wav',
    '138_1234_5678', '138.1234.5678.wav', '138-1234-5678.wav', '138 1234 5678.mp3', 'GD2026120713812345678', '2026120713812345678',
    '138，1234，5678', '138、1234、5678', '138—1234—5678', '138-12-34', '138，12，34', '138、12、34', '138–12–34', '0591，8765，4321'])(
    'refuses %s',
    (value) => expect(looksLikePhoneNumber(value)).toBe(true),
  );
  it.each(['WO-2026-0001', 'GD202612070001', 'rec-20261207-0001.wav', '20261207-0001', 'A/12/345', 'call-1546015415.757927', '12123',
    'WO—2026—0001', '20261207—0001', '20261207_0001', '201、202', '2026_0001'])(
    'accepts %s',
    (value) => expect(looksLikePhoneNumber(value)).toBe(false),
  );
});

describe('maskIdentifier', () => {
  it('masks a phone-like identifier stored before the rule, keeps real ones', () => {
    expect(maskIdentifier('13812345678')).toBe('138****5678');
    expect(maskIdentifier('１３８-１２３４-５６７８')).toBe('138****5678');
    expect(maskIdentifier('138，1234—5678')).toBe('138****5678');
    expect(maskIdentifier('138，12，34')).toBe('13***34');
    expect(maskIdentifier('rec_138_1234_5678_a.wav')).toBe('rec_138****5678_a.wav');
    expect(maskIdentifier('rec-20261207-0001.wav')).toBe('rec-20261207-0001.wav');
    expect(maskIdentifier(null)).toBeNull();
  });
});
