import type { Enterprise } from './enterprises.ts'

type HazardText = { category: string; general: string[]; major: string[] }

// Typical findings of 隐患排查 by topic; which topics apply depends on the enterprise.
const common: HazardText[] = [
  {
    category: '安全管理',
    general: [
      '安全生产责任制未逐级签订',
      '隐患排查治理台账记录不全',
      '未按规定开展安全教育培训',
      '应急预案未按期演练',
      '特种作业人员证书过期',
    ],
    major: ['未依法取得安全生产许可擅自组织生产'],
  },
  {
    category: '消防安全',
    general: ['灭火器压力不足', '疏散通道堆放杂物', '安全出口指示标志损坏', '消防栓被遮挡', '应急照明灯不亮'],
    major: ['生产车间与员工宿舍设置在同一建筑内（“三合一”）'],
  },
  {
    category: '电气安全',
    general: ['配电箱未设置漏电保护装置', '电线私拉乱接', '配电房未配备绝缘垫', '电气线路老化破损'],
    major: [],
  },
  {
    category: '设备设施',
    general: ['设备传动部位防护罩缺失', '砂轮机防护挡板缺失', '叉车未定期检验', '行车限位装置失效', '压力表未定期校验'],
    major: ['起重设备主要安全部件失效仍在使用'],
  },
  { category: '作业环境', general: ['车间通道未划线', '高处作业平台护栏缺失', '现场警示标识不全'], major: [] },
]
const special: { applies: (e: Enterprise) => boolean; text: HazardText }[] = [
  {
    applies: (e) => e.row.dust === true,
    text: {
      category: '粉尘防爆',
      general: ['除尘系统未按规定清理积尘', '粉尘作业区域使用非防爆电气', '未建立粉尘清扫制度'],
      major: ['除尘系统未采取防爆泄爆措施', '铝镁粉尘湿式除尘未采取防氢气积聚措施'],
    },
  },
  {
    applies: (e) => e.trade.confined !== undefined,
    text: {
      category: '有限空间',
      general: ['有限空间未设置警示标识', '有限空间作业未配备气体检测仪', '有限空间台账未更新'],
      major: ['有限空间作业未执行作业审批制度'],
    },
  },
  {
    applies: (e) => e.row.ammoniaTonnes != null,
    text: {
      category: '涉氨制冷',
      general: ['氨气泄漏报警仪未定期校验', '液氨储罐区未设置风向标'],
      major: ['快速冻结装置车间内人员聚集且未设置氨气浓度报警联锁', '包装间、分割间等人员密集场所采用氨直接蒸发制冷'],
    },
  },
  {
    applies: (e) => e.trade.sector === 'hazchem',
    text: {
      category: '危化品管理',
      general: ['危化品储存未分类分区', '动火作业票证填写不规范', '可燃气体报警仪未定期检测'],
      major: ['涉及重点监管危险化工工艺的装置未实现自动化控制', '构成重大危险源的储存设施未设置紧急切断装置'],
    },
  },
  {
    applies: (e) => e.row.fireworksWholesale === true,
    text: {
      category: '烟花爆竹',
      general: ['仓库未落实出入库登记', '产品流向信息未及时录入'],
      major: ['仓库超量储存烟花爆竹'],
    },
  },
  {
    applies: (e) => e.trade.sector === 'construction',
    text: {
      category: '建筑施工',
      general: ['脚手架连墙件设置不足', '临边防护缺失', '施工用电未做到一机一闸一漏'],
      major: ['深基坑未按专项方案施工'],
    },
  },
]

export function hazardTexts(e: Enterprise): HazardText[] {
  return [...common, ...special.filter((s) => s.applies(e)).map((s) => s.text)]
}
