/**
 * The search test set, part 1: 40 knowledge articles on the real business of the 12123 traffic-police hotline
 * (driving licences, vehicle inspection, number plates, registration, violations and points, the 交管12123 app
 * account, accidents), written from the public rules they quote (公安部令第162号《机动车驾驶证申领和使用规定》,
 * 第164号《机动车登记规定》, 第163号《道路交通安全违法行为记分管理办法》, 《道路交通安全法》 and its implementing
 * regulation) in the style of a hotline's 应答口径. Codes are those of the seeded business-type tree (violations and
 * accidents under `other`). Test data only: figures an agent would quote must come from the bureau's own articles.
 */
import type { TestArticle } from './types';

export const TEST_ARTICLES: readonly TestArticle[] = [
  {
    key: 'dl-lost',
    question: '驾驶证遗失了如何补领？',
    answer:
      '机动车驾驶证遗失的，驾驶人可以通过交管12123App申请补领，在线提交身份证明并缴纳工本费，新证邮寄到家；也可以持身份证明到驾驶证核发地或者居住地的车辆管理所、驾驶人考场或者交警服务站窗口办理。补领期间原证作废。',
    businessTypeCode: 'driving-licence',
    keywords: ['驾照', '补证', '遗失', '丢失', '补领', '补办'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第六十条',
  },
  {
    key: 'dl-renew-expiry',
    question: '驾驶证有效期满怎样换证？',
    answer:
      '驾驶证有效期满前九十日内，驾驶人应当申请换证，可以通过交管12123App网上办理或到车管所窗口办理，需提交身份证明和医疗机构出具的有关身体条件的证明。换证时可以在全国范围内任意车管所办理。',
    businessTypeCode: 'driving-licence',
    keywords: ['到期换证', '期满换证', '有效期', '换证', '驾照过期'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第五十六条',
  },
  {
    key: 'dl-damaged',
    question: '驾驶证损毁无法辨认或者个人信息变化如何换领？',
    answer:
      '驾驶证记载的驾驶人信息发生变化或者驾驶证损毁无法辨认的，驾驶人应当在三十日内到车管所申请换证，也可以通过交管12123App申请，提交身份证明，损毁的交回原证。',
    businessTypeCode: 'driving-licence',
    keywords: ['损毁', '破损', '换领', '信息变更', '换证'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第五十九条',
  },
  {
    key: 'dl-audit',
    question: '驾驶证审验有哪些规定？',
    answer:
      '持有大型客车、重型牵引挂车、城市公交车、中型客车、大型货车驾驶证的驾驶人，应当在每个记分周期结束后三十日内到公安机关交通管理部门接受审验，完成不少于三小时的道路交通安全法律法规、交通安全文明驾驶等学习；其他驾驶人在一个记分周期内有记分的，在换领驾驶证时接受审验。审验教育可以通过交管12123App在线完成。',
    businessTypeCode: 'driving-licence',
    keywords: ['审验', '驾照年审', '审验教育', '大车', 'A照', 'B照'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第七十一条',
  },
  {
    key: 'dl-electronic',
    question: '电子驾驶证如何申领和使用？',
    answer:
      '驾驶人登录交管12123App，在首页点击“电子驾驶证”，经人脸识别验证后即可申领，无需到窗口办理、免费。电子驾驶证与纸质驾驶证具有同等效力，可在执法检查、事故处理、租赁车辆、保险理赔等场景出示。',
    businessTypeCode: 'driving-licence',
    keywords: ['电子驾照', '电子驾驶证', '亮证', '手机驾照'],
    sourceDocument: '公安部关于全面推行机动车驾驶证电子化的公告',
  },
  {
    key: 'dl-transfer',
    question: '驾驶证核发地转出转入如何办理？',
    answer:
      '驾驶人户籍或者居住地迁出驾驶证核发地的，不需要办理转出转入，可以在全国范围内任一车管所办理驾驶证的补领、换领、审验等业务。需要变更联系地址的，通过交管12123App修改即可。',
    businessTypeCode: 'driving-licence',
    keywords: ['转入', '转出', '外地驾照', '户口迁移', '迁出'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第五十七条',
  },
  {
    key: 'dl-exam-elsewhere',
    question: '能否在户籍地以外的城市考驾照？',
    answer:
      '申请人在户籍所在地以外的地方居住的，可以凭居住证明在居住地申请机动车驾驶证，实行驾驶人考试全国“一证通考”。申请时通过交管12123App或驾校报名，预约考试时选择居住地考场。',
    businessTypeCode: 'driving-licence',
    keywords: ['异地考试', '外地考驾照', '居住证', '一证通考', '学车'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第十七条',
  },
  {
    key: 'dl-medical',
    question: '驾驶人什么情况下需要提交身体条件证明？',
    answer:
      '年龄在七十周岁以上的驾驶人，以及持有大中型客货车驾驶证的驾驶人，应当每年进行一次身体检查，在记分周期结束后三十日内，提交医疗机构出具的有关身体条件的证明。身体条件证明可由医疗机构联网上传，驾驶人在交管12123App上提交即可。',
    businessTypeCode: 'driving-licence',
    keywords: ['体检', '身体条件证明', '七十周岁', '老年人', '体检证明'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第七十二条',
  },
  {
    key: 'dl-full-points',
    question: '一个记分周期内记分满12分怎么处理？',
    answer:
      '机动车驾驶人在一个记分周期内累积记分满十二分的，公安机关交通管理部门将扣留其驾驶证。驾驶人应当参加为期七天的道路交通安全法律法规和相关知识学习，学习结束后参加科目一考试；考试合格的，记分清除，发还驾驶证。一个周期内二次以上满分的，还要参加科目三道路驾驶技能考试。',
    businessTypeCode: 'driving-licence',
    keywords: ['满分', '扣满12分', '满分教育', '满分学习', '扣留驾驶证'],
    sourceDocument: '《道路交通安全违法行为记分管理办法》第十四条',
  },
  {
    key: 'dl-revoked-restore',
    question: '驾驶证逾期未换证被注销了还能恢复吗？',
    answer:
      '驾驶证超过有效期一年以上未换证被注销，但未超过二年的，机动车驾驶人可以到车管所申请恢复驾驶资格，参加科目一考试合格后，重新核发驾驶证。超过二年的，需要重新申领驾驶证。',
    businessTypeCode: 'driving-licence',
    keywords: ['注销', '恢复驾驶资格', '逾期换证', '过期一年', '驾照作废'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第八十一条',
  },
  {
    key: 'mv-inspection-cycle',
    question: '机动车多长时间需要进行安全技术检验？',
    answer:
      '非营运小型、微型载客汽车（面包车除外）注册登记之日起十年内免于上线检验，其中第六年、第十年申领检验标志；超过十年的每年检验一次，超过十五年的每六个月检验一次。营运载客汽车五年以内每年检验一次，超过五年的每六个月检验一次。摩托车四年以内每两年检验一次。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['年检', '车辆年审', '检验周期', '上线检验', '验车'],
    sourceDocument: '《道路交通安全法实施条例》第十六条、公安部市场监管总局关于深化机动车检验制度改革的意见',
  },
  {
    key: 'mv-exempt-label',
    question: '免检车辆如何申领检验标志？',
    answer:
      '符合免检条件的私家车，在检验有效期满前三个月内，先通过交管12123App处理完交通违法和交通事故，在线提交交强险信息和车船税证明，即可申领电子检验合格标志，无需到检测站上线检验。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['免检', '领标', '检验标志', '免上线', '六年免检'],
    sourceDocument: '公安部关于机动车检验改革的通知',
  },
  {
    key: 'mv-electronic-label',
    question: '机动车检验合格标志电子化后还需要贴标吗？',
    answer:
      '全面推行机动车检验标志电子化后，车辆检验合格后可在交管12123App中查看和下载电子检验合格标志，不再需要在挡风玻璃上粘贴纸质检验合格标志，执法检查时出示电子标志即可。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['电子标志', '年检标', '贴标', '挡风玻璃', '电子检验标志'],
    sourceDocument: '公安部关于推行机动车检验标志电子化的通知',
  },
  {
    key: 'mv-inspection-elsewhere',
    question: '机动车能否在登记地以外的地方检验？',
    answer:
      '机动车可以在全国范围内任一机动车安全技术检验机构进行检验，不需要办理委托检验手续。检验合格后在检验地车管所或者通过交管12123App申领检验合格标志。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['异地检验', '外地年检', '委托检验', '跨省检验', '异地验车'],
    sourceDocument: '《机动车登记规定》第五十三条',
  },
  {
    key: 'mv-inspection-overdue',
    question: '机动车逾期未检验有什么后果？',
    answer:
      '机动车未按规定检验，上道路行驶的，可处警告或者二十元以上二百元以下罚款，记三分，并可扣留机动车。连续三个机动车检验周期未取得机动车检验合格标志的，达到强制报废标准，将被公告注销。逾期后应尽快到检验机构补检。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['逾期未检', '年检过期', '未年检', '强制报废', '补检'],
    sourceDocument: '《机动车强制报废标准规定》第四条',
  },
  {
    key: 'plate-lost',
    question: '机动车号牌丢失或者损毁如何补领？',
    answer:
      '机动车号牌灭失、丢失或者损毁的，机动车所有人应当向登记地车管所申请补领、换领号牌，也可以通过交管12123App申请补领，号牌制作后邮寄到家。补领期间可以申领临时号牌。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['车牌', '号牌', '补牌', '号牌丢失', '牌照'],
    sourceDocument: '《机动车登记规定》第四十六条',
  },
  {
    key: 'plate-choose',
    question: '新车上牌如何通过互联网选号？',
    answer:
      '办理新车注册登记时，机动车所有人可以通过交管12123App或者登录当地互联网交通安全综合服务管理平台，使用自编自选或者系统随机生成的号码选取号牌号码，每次选号提供五十个号码供选择，选定后在规定时间内办理注册登记。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['选号', '选牌', '自编号', '车牌号码', '号牌号码'],
    sourceDocument: '《机动车登记规定》第十一条',
  },
  {
    key: 'plate-temporary',
    question: '临时行驶车号牌如何申领？',
    answer:
      '未销售的、购买后尚未注册登记的、需要异地转移登记的机动车，需临时上道路行驶的，可以申领临时行驶车号牌。购车后可以通过交管12123App申领，凭身份证明、购车发票和交强险凭证办理，临时号牌有效期最长不超过三十日。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['临牌', '临时号牌', '临时牌照', '新车', '纸质号牌'],
    sourceDocument: '《机动车登记规定》第六十五条',
  },
  {
    key: 'vl-lost',
    question: '机动车行驶证遗失如何补领？',
    answer:
      '机动车行驶证灭失、丢失或者损毁的，机动车所有人可以通过交管12123App或者向登记地车管所申请补领、换领，提交身份证明即可，车管所当日补发。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['行驶证', '行车本', '车本', '补领', '丢失'],
    sourceDocument: '《机动车登记规定》第四十六条',
  },
  {
    key: 'mv-transfer',
    question: '二手车如何办理转移登记？',
    answer:
      '二手车交易后，现机动车所有人应当在三十日内到车管所办理转移登记，提交双方身份证明、机动车登记证书、行驶证、机动车销售统一发票或者二手车交易发票，并交验车辆。符合条件的小型非营运载客汽车可以在省内跨市通办，不需要提档。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['过户', '二手车', '转移登记', '买卖车', '卖车'],
    sourceDocument: '《机动车登记规定》第二十五条',
  },
  {
    key: 'mv-register',
    question: '新车如何办理注册登记？',
    answer:
      '新车注册登记需要提交身份证明、购车发票、机动车整车出厂合格证明或者进口凭证、车辆购置税完税证明、交强险凭证，交验车辆。符合条件的新车可以在4S店由销售企业代办注册登记，免于查验。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['上牌', '新车上牌', '注册登记', '办牌照', '4S店'],
    sourceDocument: '《机动车登记规定》第八条',
  },
  {
    key: 'mv-mortgage',
    question: '机动车抵押登记和解除抵押登记如何办理？',
    answer:
      '机动车作为抵押物抵押的，机动车所有人和抵押权人应当向登记地车管所申请抵押登记；贷款还清后，双方可以申请解除抵押登记。金融机构联网的，可以通过交管12123App在线办理解除抵押，无需到现场。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['抵押', '解押', '解除抵押', '车贷', '贷款'],
    sourceDocument: '《机动车登记规定》第三十三条',
  },
  {
    key: 'mv-scrap',
    question: '机动车报废注销怎么办理？',
    answer:
      '机动车达到国家规定的强制报废标准或者车主自愿报废的，应当将车辆交售给报废机动车回收企业，由回收企业拆解并向车管所申请注销登记，收回号牌和行驶证，车主凭报废机动车回收证明办理保险退费等手续。',
    businessTypeCode: 'motor-vehicle',
    keywords: ['报废', '注销登记', '回收', '车辆注销', '旧车'],
    sourceDocument: '《机动车登记规定》第三十九条',
  },
  {
    key: 'vio-query-handle',
    question: '交通违法如何查询和处理？',
    answer:
      '交通技术监控设备记录的违法行为，机动车所有人或驾驶人可以通过交管12123App查询，确认违法事实后在线处理，由本人驾驶证记分，并在线缴纳罚款。也可以到全国任一公安交管部门违法处理窗口办理。',
    businessTypeCode: 'other',
    keywords: ['违章', '违法查询', '违章处理', '电子眼', '抓拍'],
    sourceDocument: '《道路交通安全违法行为处理程序规定》第二十条',
  },
  {
    key: 'points-red-light',
    question: '驾驶机动车不按交通信号灯指示通行记几分？',
    answer:
      '驾驶机动车不按交通信号灯指示通行的，一次记六分，并处罚款。违反禁令标志、禁止标线指示的，一次记一分。',
    businessTypeCode: 'other',
    keywords: ['闯红灯', '信号灯', '红灯', '记6分', '扣分'],
    sourceDocument: '《道路交通安全违法行为记分管理办法》第十条',
  },
  {
    key: 'points-study-reduce',
    question: '什么是学法减分？',
    answer:
      '机动车驾驶人在一个记分周期内参加公安机关交通管理部门组织的交通安全法律法规和相关知识学习并考试合格的，可申请减免记分：网上学习三日内累计满三十分钟且考试合格的一次扣减一分，最多扣减六分。可以通过交管12123App“学法减分”栏目参加。满分、有未处理的违法或事故的不能申请。',
    businessTypeCode: 'other',
    keywords: ['学法减分', '减分', '消分', '销分', '扣分能减吗'],
    sourceDocument: '《道路交通安全违法行为记分管理办法》第二十二条',
  },
  {
    key: 'fine-late',
    question: '交通违法罚款逾期缴纳会怎样？',
    answer:
      '当事人应当自收到罚款处罚决定书之日起十五日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款总额不超过罚款本数。罚款可以通过交管12123App、银行网点等方式缴纳。',
    businessTypeCode: 'other',
    keywords: ['罚款', '滞纳金', '缴纳罚款', '交罚款', '逾期'],
    sourceDocument: '《行政处罚法》第七十二条',
  },
  {
    key: 'vio-appeal',
    question: '对交通违法记录有异议怎么申诉？',
    answer:
      '当事人对交通技术监控设备记录的违法行为事实有异议的，可以通过交管12123App提交违法异议申请，或者向违法行为发生地公安交管部门提出。对被套牌的，提供车辆照片等证据，经核实后撤销违法记录。对处罚决定不服的，可以依法申请行政复议或者提起行政诉讼。',
    businessTypeCode: 'other',
    keywords: ['申诉', '异议', '套牌', '误判', '撤销违法'],
    sourceDocument: '《道路交通安全违法行为处理程序规定》第二十三条',
  },
  {
    key: 'vio-parking',
    question: '机动车违反规定停放如何处罚？',
    answer:
      '机动车违反规定停放、临时停车，驾驶人不在现场或者虽在现场但拒绝立即驶离的，处二十元以上二百元以下罚款；在高速公路上违法停车的记九分，在城市道路上违法停车一般不记分。违停抄告单可以通过交管12123App查询处理。',
    businessTypeCode: 'other',
    keywords: ['违停', '违章停车', '乱停车', '贴罚单', '停车罚款'],
    sourceDocument: '《道路交通安全法》第九十三条',
  },
  {
    key: 'points-speeding',
    question: '机动车超速行驶怎么记分？',
    answer:
      '驾驶机动车在高速公路、城市快速路以外的道路上行驶超过规定时速百分之二十以上未达到百分之五十的记三分；超过规定时速百分之五十以上的记六分；在高速公路、城市快速路上超过规定时速百分之二十以上未达到百分之五十的记六分，超过百分之五十的记十二分。',
    businessTypeCode: 'other',
    keywords: ['超速', '开快车', '测速', '限速', '超速扣分'],
    sourceDocument: '《道路交通安全违法行为记分管理办法》第八条至第十一条',
  },
  {
    key: 'app-register',
    question: '交管12123App如何注册？',
    answer:
      '在手机应用市场下载“交管12123”App，选择注册地，使用本人身份证号码和手机号码注册，按提示完成人脸识别实名认证后即可使用。外籍人员可以持护照到车管所窗口面签注册。',
    businessTypeCode: 'user-info',
    keywords: ['注册', '实名认证', '开户', '人脸识别', '下载'],
    sourceDocument: '互联网交通安全综合服务管理平台用户注册规定',
  },
  {
    key: 'app-password',
    question: '交管12123账号忘记密码如何找回？',
    answer:
      '在交管12123App登录页面点击“忘记密码”，输入注册时的身份证号码，通过人脸识别或者注册手机号接收验证码验证身份后即可重置登录密码。如果注册手机号已不再使用，可以携带身份证到车管所窗口办理。',
    businessTypeCode: 'user-info',
    keywords: ['忘记密码', '找回密码', '重置密码', '登录不上', '密码'],
    sourceDocument: '互联网交通安全综合服务管理平台用户服务指南',
  },
  {
    key: 'app-phone-change',
    question: '交管12123注册的手机号码如何变更？',
    answer:
      '登录交管12123App，在“我的—设置—修改手机号码”中，通过人脸识别验证后输入新手机号码及验证码即可变更。原手机号已停用无法登录的，可以通过找回密码后再修改，或到车管所窗口变更联系方式。',
    businessTypeCode: 'user-info',
    keywords: ['换手机号', '手机号码变更', '更换号码', '换绑', '联系方式'],
    sourceDocument: '互联网交通安全综合服务管理平台用户服务指南',
  },
  {
    key: 'app-bind-vehicle',
    question: '如何在交管12123上备案非本人名下的机动车？',
    answer:
      '除本人名下的机动车外，每个用户可以通过交管12123App“备案非本人机动车”功能，添加最多三辆亲友名下的机动车，需要输入号牌号码和车辆识别代号后六位，备案后可查询、处理该车的交通违法。',
    businessTypeCode: 'user-info',
    keywords: ['绑定车辆', '备案车辆', '绑车', '家人车辆', '他人车辆'],
    sourceDocument: '互联网交通安全综合服务管理平台用户服务指南',
  },
  {
    key: 'accident-quick',
    question: '轻微交通事故如何快处快赔？',
    answer:
      '发生仅造成车辆财产损失的轻微交通事故，车辆可以移动的，当事人应当先撤离现场到不妨碍交通的地点，通过交管12123App“事故快处”拍摄现场照片、在线定责，再联系保险公司快赔。对事实或成因有争议的，拨打110报警。',
    businessTypeCode: 'other',
    keywords: ['快处快赔', '事故快处', '剐蹭', '追尾', '轻微事故', '撞车'],
    sourceDocument: '《道路交通事故处理程序规定》第十三条',
  },
  {
    key: 'accident-review',
    question: '对道路交通事故认定书不服怎么办？',
    answer:
      '当事人对道路交通事故认定或者出具道路交通事故证明有异议的，可以自道路交通事故认定书或者道路交通事故证明送达之日起三日内，向上一级公安机关交通管理部门提出书面复核申请。复核以一次为限。',
    businessTypeCode: 'other',
    keywords: ['事故认定', '事故责任', '复核', '认定书', '不服'],
    sourceDocument: '《道路交通事故处理程序规定》第七十一条',
  },
  {
    key: 'exam-booking',
    question: '驾驶人考试如何预约？',
    answer:
      '学员可以通过交管12123App“考试预约”或者驾校统一预约科目一、科目二、科目三考试，选择考场和考试日期，预约成功后会收到短信通知。考试前一天可以取消预约。',
    businessTypeCode: 'driving-licence',
    keywords: ['约考', '预约考试', '科目一', '科目二', '科目三', '考驾照'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第三十五条',
  },
  {
    key: 'exam-retake',
    question: '驾驶人考试不合格如何补考？',
    answer:
      '每个科目考试一次，考试不合格的，可以补考一次。不参加补考或者补考仍不合格的，本次考试终止，申请人应当重新预约考试，但科目二、科目三考试应当在十日后预约。在学习驾驶证明有效期内，科目二和科目三道路驾驶技能考试预约考试的次数分别不得超过五次。',
    businessTypeCode: 'driving-licence',
    keywords: ['补考', '考试不合格', '挂科', '考试不过', '重考'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第三十八条',
  },
  {
    key: 'dl-foreign',
    question: '持境外驾驶证如何换领国内驾驶证？',
    answer:
      '持有境外机动车驾驶证的人员，可以申请换领国内机动车驾驶证，需提交身份证明、境外驾驶证及翻译文本、身体条件证明，参加科目一考试合格后核发。申请小型汽车驾驶证的，可以不参加科目二、科目三考试。',
    businessTypeCode: 'driving-licence',
    keywords: ['境外驾照', '国外驾照', '外国驾照', '换证', '海外驾照'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第二十条',
  },
  {
    key: 'dl-probation',
    question: '驾驶人实习期有哪些规定？',
    answer:
      '机动车驾驶人初次申领驾驶证后的十二个月为实习期。实习期内驾驶机动车的，应当在车身后部粘贴或者悬挂统一式样的实习标志；在高速公路上驾驶的，应当由持相应或者更高准驾车型驾驶证三年以上的驾驶人陪同。实习期内记满十二分的，注销其实习的准驾车型驾驶资格。',
    businessTypeCode: 'driving-licence',
    keywords: ['实习期', '实习标志', '新手', '新司机', '上高速'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第七十五条',
  },
];
