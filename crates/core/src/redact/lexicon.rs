//! The words the detectors look for, found in one pass: every cue word of every detector is in
//! one table, built once, keyed by its first character, and each word carries the cues it is
//! (医生 is a role before a name and a title after one). The lists are facts about how Chinese
//! enforcement texts are written, not about any one text.

use std::sync::LazyLock;

/// What a cue word says; a pattern may say several things (a bit set).
pub(crate) mod cue {
    /// a natural person's home address follows (住址, 家住)
    pub const HOME: u32 = 1;
    /// an address follows that is a person's only when the sentence speaks of one (住所, 地址)
    pub const OTHER_LABEL: u32 = 1 << 1;
    /// an address next to it is where someone lives (居住, 业主, 住户)
    pub const RESIDENCE: u32 = 1 << 2;
    /// an address after it is an organisation's (经营场所, 公司, 位于)
    pub const ORG_PLACE: u32 = 1 << 3;
    /// the sentence speaks of a natural person (男, 出生, 身份证)
    pub const PERSON: u32 = 1 << 4;
    /// another natural person's name follows (证人, 医生, 邻居)
    pub const ROLE: u32 = 1 << 5;
    /// a name comes right before it (医生, 先生, 女士)
    pub const TITLE_AFTER: u32 = 1 << 6;
    /// what a person does, right after the name (称, 陈述, 诊断)
    pub const VERB: u32 = 1 << 7;
    /// the name after it is of someone acting in public office (执法人员, 局长)
    pub const PUBLIC_TITLE: u32 = 1 << 8;
    /// health and medical data (诊断, 骨折, 糖尿病)
    pub const HEALTH: u32 = 1 << 9;
    /// a word that holds a health word but is not about a person's health (病死, 卫生)
    pub const NOT_HEALTH: u32 = 1 << 10;
    /// religious belief (信仰, 教徒)
    pub const RELIGION: u32 = 1 << 11;
    /// biometric data (指纹, DNA)
    pub const BIOMETRIC: u32 = 1 << 12;
    /// a biometric comparison's result (比对, 一致)
    pub const MATCHED: u32 = 1 << 13;
    /// staying somewhere (入住, 住宿, 退房)
    pub const LODGING: u32 = 1 << 14;
    /// going somewhere (出发, 前往, 乘坐)
    pub const MOVEMENT: u32 = 1 << 15;
    /// an instant-messaging or platform account follows (微信号, 账号)
    pub const IM: u32 = 1 << 16;
    /// a QQ number follows (digits)
    pub const QQ: u32 = 1 << 17;
    /// a bank account follows (账号, 卡号)
    pub const ACCOUNT: u32 = 1 << 18;
    /// a telephone number follows (电话, 手机)
    pub const PHONE: u32 = 1 << 19;
    /// a word inside which no name can be (记者, 同志)
    pub const NOT_NAME: u32 = 1 << 20;
    /// what goes on after a health clause (在医院住了一周, 康复)
    pub const HEALTH_MORE: u32 = 1 << 21;
    /// whereabouts named as such, with or without a time (行踪, 轨迹)
    pub const TRACK: u32 = 1 << 22;
    /// someone the sentence is about (其, 她, 本人, 当事人)
    pub const SUBJECT: u32 = 1 << 23;
    /// a word that holds a subject word but points at no one (其他, 他人)
    pub const NOT_SUBJECT: u32 = 1 << 24;
    /// the language of rules, not of facts (应当, 不得, 依照)
    pub const NORMATIVE: u32 = 1 << 25;
    /// the number after it is no account (订单号, 发票号码, 编号)
    pub const NOT_ACCOUNT: u32 = 1 << 26;
}

/// Labels after which a natural person's home address follows.
const HOME: &[&str] = &[
    "家庭住址",
    "现住址",
    "户籍地址",
    "户籍地",
    "户籍所在地",
    "居住地",
    "居住于",
    "居住在",
    "住在",
    "住址",
    "家住",
    "现住",
    "现居",
    "现居住",
    "户口所在地",
    "户口地址",
    "身份证地址",
    "送达地址",
    "家庭地址",
    "现住所",
    "居所",
    "老家在",
    "住的地方是",
    "户籍：",
    "住：",
    "户籍在",
];
/// Labels of an address that is a natural person's when the sentence speaks of one.
const OTHER_LABEL: &[&str] = &["住所", "住所地", "地址"];
/// Words that put an address next to them where someone lives.
const RESIDENCE: &[&str] = &[
    "自家", "寓所", "居所", "居住", "业主", "住户", "居民", "家住", "住在", "住家", "租住", "暂住", "寄住", "户主",
    "住宅", "家属", "住", "我家", "其家", "他家", "她家", "家中", "家里", "住处", "家在",
];
/// Words that make the address after them an organisation's.
const ORG_PLACE: &[&str] = &[
    "经营场所",
    "营业场所",
    "经营地址",
    "经营地",
    "注册地址",
    "注册地",
    "办公地址",
    "办公地点",
    "办公场所",
    "生产地址",
    "生产场所",
    "检查地点",
    "检查场所",
    "店址",
    "厂址",
    "店铺地址",
    "门店",
    "公司",
    "店",
    "厂",
    "场",
    "医院",
    "诊所",
    "门诊",
    "机关",
    "位于",
    "坐落",
    "超市",
    "市场",
    "学校",
    "幼儿园",
    "中心",
    "宾馆",
    "酒店",
    "饭店",
    "网吧",
    "合作社",
    "工作室",
    "经营部",
    "营业部",
    "分局",
    "支队",
    "大队",
    "中队",
    "所",
    "站",
    "馆",
    "院",
    "社",
    "厅",
    "部",
    "楼盘",
    "项目",
    "工地",
    "地点",
    "现场",
    "发生在",
    "查获",
    "设立",
    "开设",
    "设有",
    "中介",
    "物业",
    "网点",
    "快递点",
    "服务点",
    "代收点",
    "驿站",
    "营业厅",
    "客服",
    "热线",
    "办公室",
    "值班室",
    "服务台",
    "局",
    "委员会",
    "管委会",
    "政府",
    "监督科",
    "执法科",
    "商家",
    "单位",
];
/// Words that show a sentence speaks of a natural person.
const PERSON: &[&str] =
    &["，男", "，女", "（男", "（女", "出生", "生于", "身份证", "公民身份", "民族", "汉族", "周岁", "年生"];
/// Words after which another natural person's name follows.
const ROLE: &[&str] = &[
    "其中",
    "卖给",
    "卖给了",
    "转给",
    "转给了",
    "交给",
    "交给了",
    "借给",
    "租给",
    "出租给",
    "转账给",
    "汇给",
    "付给",
    "车队长",
    "认识",
    "来电人",
    "来访人",
    "来信人",
    "申诉人",
    "反映人",
    "求助人",
    "甲方",
    "乙方",
    "丙方",
    "女友",
    "男友",
    "前妻",
    "前夫",
    "未婚妻",
    "未婚夫",
    "婆婆",
    "公公",
    "岳父",
    "岳母",
    "嫂子",
    "弟媳",
    "侄子",
    "侄女",
    "外甥",
    "外甥女",
    "领班",
    "班长",
    "组长",
    "店长",
    "助理",
    "大厨",
    "主厨",
    "厨工",
    "杂工",
    "经理",
    "项目经理",
    "物业经理",
    "就诊者",
    "就诊人",
    "受检者",
    "体检者",
    "买受人",
    "出卖人",
    "卖方",
    "买方",
    "借款人",
    "出借人",
    "担保人",
    "债务人",
    "男方",
    "女方",
    "渔民",
    "船主",
    "货主",
    "乘车人",
    "行人",
    "路人",
    "骑手",
    "外卖员",
    "保姆",
    "月嫂",
    "陪护",
    "租车人",
    "收货人",
    "发货人",
    "托运人",
    "代收人",
    "签收人",
    "经手人",
    "介绍人",
    "销售员",
    "业务员",
    "推销员",
    "促销员",
    "讲师",
    "主播",
    "学徒",
    "徒弟",
    "技术员",
    "质检员",
    "仓管员",
    "保管员",
    "会计",
    "出纳",
    "文员",
    "前台",
    "门卫",
    "值班员",
    "安全员",
    "电工",
    "焊工",
    "司炉工",
    "押运员",
    "装卸员",
    "包工头",
    "工头",
    "孕妇",
    "产妇",
    "婴儿",
    "患儿",
    "儿童",
    "少年",
    "学童",
    "幼儿",
    "新生儿",
    "证人",
    "目击者",
    "举报人",
    "投诉人",
    "被投诉人",
    "受害人",
    "被害人",
    "见证人",
    "被询问人",
    "被检查人",
    "消费者",
    "顾客",
    "购买者",
    "购买人",
    "购药人",
    "受术者",
    "求助者",
    "来访者",
    "患者",
    "病人",
    "伤者",
    "员工",
    "职工",
    "雇员",
    "工人",
    "帮工",
    "店员",
    "营业员",
    "收银员",
    "服务员",
    "保安",
    "保安员",
    "网管",
    "厨师",
    "帮厨",
    "护工",
    "护理员",
    "保育员",
    "饲养员",
    "爆破员",
    "驾驶员",
    "驾驶人",
    "司机",
    "车主",
    "船长",
    "船员",
    "技师",
    "美甲师",
    "美容师",
    "咨询师",
    "理发师",
    "师傅",
    "学员",
    "学生",
    "社员",
    "村民",
    "居民",
    "业主",
    "住户",
    "邻居",
    "摊主",
    "经营户",
    "旅客",
    "住客",
    "乘客",
    "同行人",
    "同住人",
    "参与人员",
    "上网人员",
    "医生",
    "大夫",
    "护士",
    "教师",
    "老师",
    "幼师",
    "家政员",
    "快递员",
    "送货人",
    "上家",
    "下家",
    "供货商",
    "朋友",
    "同事",
    "同学",
    "老乡",
    "房东",
    "租客",
    "承租人",
    "出租人",
    "委托人",
    "委托代理人",
    "代理人",
    "法定代理人",
    "监护人",
    "陪同人",
    "联系人",
    "经营者",
    "实际经营者",
    "负责人",
    "被告人",
    "犯罪嫌疑人",
    "其妻",
    "其夫",
    "其子",
    "其女",
    "其父",
    "其母",
    "之妻",
    "之夫",
    "之子",
    "之女",
    "妻子",
    "丈夫",
    "配偶",
    "媳妇",
    "老婆",
    "老公",
    "爱人",
    "父亲",
    "母亲",
    "儿子",
    "女儿",
    "孩子",
    "儿媳",
    "女婿",
    "孙子",
    "孙女",
    "外孙",
    "哥哥",
    "弟弟",
    "姐姐",
    "妹妹",
    "表弟",
    "表哥",
    "表姐",
    "表妹",
    "堂弟",
    "堂哥",
    "堂姐",
    "堂妹",
    "舅舅",
    "叔叔",
    "伯伯",
    "姑姑",
    "阿姨",
    "亲属",
    "家属",
    "我叫",
    "名叫",
    "叫",
    "本人",
    "姓名",
    "户主",
    "购房人",
    "驾驶人员",
    "从业人员",
    "工作人员",
    "人员",
    "个体户",
    "商户",
    "店主",
    "农户",
    "养殖户",
    "种植户",
    "家长",
    "未成年人",
    "老人",
    "聘用的",
    "雇用的",
    "雇佣的",
    "聘请的",
    "招用的",
    "教练",
    "会员",
    "医师",
    "主治医师",
    "主刀医师",
    "护士长",
    "药师",
    "合伙人",
    "受害群众",
    "群众",
    "妈妈",
    "爸爸",
    "奶奶",
    "爷爷",
    "姥姥",
    "姥爷",
    "外婆",
    "外公",
    "户名",
    "收款人",
    "付款人",
    "开户人",
    "持卡人",
    "账户名",
    "收件人",
    "寄件人",
    "律师",
    "死者",
    "遇难者",
    "失主",
    "报案人",
    "报警人",
    "知情人",
    "涉案人员",
    "嫌疑人",
    "市民",
    "游客",
    "农民",
    "房主",
    "屋主",
    "承包人",
    "租户",
    "房客",
    "搬运工",
    "装卸工",
    "清洁工",
    "操作工",
    "教练员",
    "该男子",
    "该女子",
    "男子",
    "女子",
    "楼上",
    "楼下",
    "对门",
    "隔壁",
    "邻家",
];
/// Titles that follow a name (周文静医生).
const TITLE_AFTER: &[&str] = &[
    "医生", "大夫", "护士", "律师", "先生", "女士", "老师", "师傅", "经理", "老板", "同学", "阿姨", "医师", "夫妇",
    "夫妻", "老人", "大爷", "大妈", "母女", "父子", "母子", "父女", "兄弟", "姐妹",
];
/// What a person does right after being named.
const VERB: &[&str] = &[
    "称",
    "说",
    "陈述",
    "证实",
    "证明",
    "反映",
    "诊断",
    "表示",
    "承认",
    "供述",
    "作证",
    "签字",
    "在场",
    "告诉",
    "回忆",
    "辩称",
    "声称",
    "指认",
    "确认",
    "提供",
    "出具",
    "报警",
    "举报",
    "投诉",
    "到场",
    "那里",
    "处购",
    "处拿",
    "处取得",
    "处借",
    "处租",
    "处收",
    "处获得",
    "送来",
    "卖给",
    "转给",
    "借给",
    "交给",
    "打来",
    "（身份证号",
    "（身份证",
    "，男，",
    "，女，",
    "（男",
    "（女",
    "的证言",
    "的证词",
    "证言",
    "等三人",
    "等二人",
    "等两人",
    "等人",
    "等四人",
    "等五人",
    "等六人",
    "的手机",
    "的电话",
    "的身份证",
    "的住处",
    "的银行卡",
    "的账户",
    "的儿子",
    "的女儿",
    "的妻子",
    "的丈夫",
    "的父亲",
    "的母亲",
    "的邻居",
    "的家属",
];
/// Offices whose holders act in public: their names stay.
const PUBLIC_TITLE: &[&str] = &[
    "执法人员",
    "执法队员",
    "办案人员",
    "调查人员",
    "主持人",
    "听证员",
    "书记员",
    "审核员",
    "复核人",
    "送达人",
    "记录人",
    "审核人",
    "承办人",
    "检查人",
    "询问人",
    "法定代表人",
    "局长",
    "副局长",
    "主任",
    "副主任",
    "镇长",
    "区长",
    "县长",
    "市长",
    "书记",
    "校长",
    "院长",
    "所长",
    "科长",
    "队长",
    "处长",
    "厅长",
    "部长",
    "主席",
    "委员",
    "记者",
    "代表",
    "审判长",
    "审判员",
    "法官",
    "检察官",
    "执法证号",
    "民警",
    "警官",
];
/// Words inside which no name can be.
const NOT_NAME: &[&str] = &[
    "记者",
    "同志",
    "群众",
    "领导",
    "人员",
    "工作",
    "市民",
    "村民",
    "居民",
    "老人",
    "孩子",
    "家长",
    "相关",
    "有关",
    "单位",
    "部门",
    "本机关",
    "当事人",
    "申请人",
    "被申请人",
    "第三人",
    "机关",
    "公安",
    "公司",
    "医院",
    "法院",
    "政府",
    "委员会",
    "派出所",
    "街道",
    "社区",
    "村委会",
    "居委会",
    "管理",
    "安全",
    "经营",
    "成立",
    "方面",
    "时间",
    "项目",
    "文件",
    "全部",
    "应当",
    "关于",
    "车辆",
    "房屋",
    "金额",
    "严重",
    "明确",
    "包括",
    "常规",
    "计划",
    "水平",
    "万元",
    "高度",
    "报警",
];
/// Health and medical data of a person.
const HEALTH: &[&str] = &[
    "个人剂量",
    "剂量限值",
    "搭桥",
    "支架",
    "心脏",
    "梗死",
    "梗塞",
    "CT",
    "核磁",
    "磁共振",
    "B超",
    "彩超",
    "造影",
    "穿刺",
    "活检",
    "病理",
    "化验",
    "血检",
    "尿检",
    "重症",
    "监护室",
    "ICU",
    "磕伤",
    "撞伤",
    "擦伤",
    "扭伤",
    "割伤",
    "碰伤",
    "抓伤",
    "踢伤",
    "打伤",
    "缝了",
    "肝硬化",
    "硬化",
    "肾炎",
    "胃炎",
    "肠炎",
    "结石",
    "痛风",
    "关节炎",
    "腰椎",
    "颈椎",
    "椎间盘",
    "骨质",
    "增生",
    "甲亢",
    "贫血",
    "血友病",
    "心律",
    "房颤",
    "心衰",
    "肾病",
    "肝病",
    "胃病",
    "溃疡",
    "息肉",
    "囊肿",
    "结节",
    "白内障",
    "青光眼",
    "耳聋",
    "聋哑",
    "残障",
    "智障",
    "脑瘫",
    "帕金森",
    "红斑狼疮",
    "银屑病",
    "湿疹",
    "荨麻疹",
    "皮炎",
    "鼻炎",
    "咽炎",
    "阑尾炎",
    "疝气",
    "痔疮",
    "前列腺",
    "乳腺",
    "宫颈",
    "不孕",
    "不育",
    "早产",
    "难产",
    "剖宫产",
    "剖腹产",
    "骨质疏松",
    "营养不良",
    "新冠",
    "感冒",
    "流感",
    "水痘",
    "麻疹",
    "手足口",
    "猩红热",
    "诺如",
    "酗酒",
    "成瘾",
    "自杀",
    "自残",
    "轻生",
    "躁郁",
    "双相",
    "强迫症",
    "失眠",
    "得了",
    "化脓",
    "卧床",
    "戒毒",
    "吸毒",
    "宫腔镜",
    "胃镜",
    "肠镜",
    "认知障碍",
    "精神障碍",
    "脑溢血",
    "脑出血",
    "心梗",
    "心肌梗",
    "衰竭",
    "化疗",
    "放疗",
    "皮肤病",
    "头晕",
    "头痛",
    "身体不适",
    "恶心",
    "犯病",
    "发病",
    "病发",
    "烧伤",
    "压断",
    "骨裂",
    "缝合",
    "缝针",
    "病危",
    "植物人",
    "致残",
    "残疾证",
    "堕胎",
    "引产",
    "性病",
    "淋病",
    "尖锐湿疣",
    "精神疾病",
    "心理疾病",
    "自闭症",
    "多动症",
    "智力",
    "听力",
    "视力",
    "视网膜",
    "失禁",
    "瘫",
    "伤口",
    "诊断",
    "确诊",
    "患有",
    "罹患",
    "患",
    "病史",
    "病历",
    "病情",
    "病变",
    "病症",
    "疾病",
    "重病",
    "大病",
    "慢性病",
    "传染病",
    "职业病",
    "精神病",
    "心脏病",
    "冠心病",
    "糖尿病",
    "高血压",
    "低血压",
    "血压",
    "血糖",
    "尿毒症",
    "白血病",
    "艾滋病",
    "HIV",
    "梅毒",
    "乙肝",
    "肝炎",
    "肺结核",
    "结核",
    "肺炎",
    "胃肠炎",
    "支气管炎",
    "炎症",
    "发炎",
    "感染",
    "哮喘",
    "抑郁",
    "焦虑症",
    "精神分裂",
    "阿尔茨海默",
    "痴呆",
    "癫痫",
    "脑梗",
    "脑卒中",
    "中风",
    "偏瘫",
    "瘫痪",
    "癌",
    "肿瘤",
    "后遗症",
    "症状",
    "过敏",
    "休克",
    "昏迷",
    "晕倒",
    "中毒",
    "腹泻",
    "呕吐",
    "腹痛",
    "发烧",
    "发热",
    "咳嗽",
    "疼痛",
    "出血",
    "红肿",
    "肿胀",
    "淤青",
    "瘀青",
    "色素沉着",
    "坏死",
    "压疮",
    "溃烂",
    "骨折",
    "脱臼",
    "截肢",
    "截断",
    "受伤",
    "咬伤",
    "挫伤",
    "烧伤",
    "烫伤",
    "摔伤",
    "划伤",
    "刺伤",
    "砸伤",
    "伤情",
    "伤残",
    "重伤",
    "轻伤",
    "伤势",
    "残疾",
    "失明",
    "失聪",
    "透析",
    "住院",
    "输液",
    "抢救",
    "手术",
    "术后",
    "治疗",
    "怀孕",
    "孕期",
    "流产",
    "分娩",
    "去世",
    "身亡",
    "死亡",
    "病逝",
    "气胸",
    "疫苗",
    "抗原阳性",
    "抗体阳性",
    "核酸阳性",
    "体检报告",
    "健康状况",
];
/// Labels of long numbers that are no account: a run of 16-19 digits after one stays.
const NOT_ACCOUNT: &[&str] = &[
    "订单号",
    "订单编号",
    "运单号",
    "快递单号",
    "物流单号",
    "单号",
    "发票号码",
    "发票代码",
    "发票号",
    "编号",
    "案号",
    "批号",
    "批次",
    "流水号",
    "交易号",
    "工单",
    "序列号",
    "条码",
    "条形码",
    "备案号",
    "许可证号",
    "证号",
    "证书号",
    "登记号",
    "注册号",
    "合同号",
    "文号",
    "信用代码",
    "追溯码",
    "IMEI",
];
/// Health words in terms that are not about a person's health.
const NOT_HEALTH: &[&str] = &[
    "病死",
    "病害",
    "病虫害",
    "卫生",
    "健康证",
    "疾控",
    "防疫",
    "检疫",
    "医疗机构",
    "医疗器械",
    "医疗美容",
    "诊疗",
    "诊所",
    "门诊",
    "手术室",
    "治疗室",
    "兽药",
    "农药",
    "疫苗管理",
    "狂犬病",
    "动物疫病",
    "治疗仪",
    "感染性废物",
    "住院部",
    "治疗费",
    "医疗费",
    "抢救室",
    "伤害",
    "患者",
];
const RELIGION: &[&str] = &[
    "信仰",
    "信奉",
    "皈依",
    "信佛",
    "信教",
    "信基督",
    "信主",
    "受洗",
    "教徒",
    "信徒",
    "穆斯林",
    "做礼拜",
    "礼拜",
    "念经",
];
const BIOMETRIC: &[&str] = &["指纹", "人脸", "面部特征", "虹膜", "声纹", "掌纹", "DNA", "基因", "步态", "血型"];
const MATCHED: &[&str] =
    &["比对", "一致", "分型", "吻合", "匹配", "相符", "鉴定", "相似度", "比中", "识别为", "认定为同一"];
const LODGING: &[&str] = &["入住", "住宿", "退房", "开房", "留宿", "住了", "过夜", "务工", "打工"];
const MOVEMENT: &[&str] = &[
    "出发", "到达", "到了", "抵达", "前往", "离开", "返回", "回到", "乘坐", "航班", "车次", "行程", "行踪", "轨迹",
    "走的", "去了", "进入", "驶入", "驶离", "进出", "途经", "去往", "来到", "赶到", "下班", "回家", "待到", "停留",
    "逗留", "往返",
];
const HEALTH_MORE: &[&str] = &[
    "无法",
    "不能",
    "丧失",
    "行动不便",
    "不能自理",
    "卧床",
    "缝",
    "针",
    "医院",
    "卫生院",
    "住了",
    "康复",
    "休养",
    "复查",
    "就医",
    "就诊",
    "看病",
    "治疗",
    "住院",
    "化疗",
    "服用",
    "服药",
    "吃药",
    "用药",
    "看过",
    "至今",
    "仍未",
    "鉴定为",
    "伤残",
    "疫苗",
    "诊所",
];
const TRACK: &[&str] = &[
    "行踪",
    "轨迹",
    "行程",
    "出入记录",
    "活动记录",
    "开房记录",
    "住宿记录",
    "GPS",
    "定位记录",
    "行车记录",
    "监控显示",
    "监控录像显示",
];
const SUBJECT: &[&str] = &[
    "其",
    "他",
    "她",
    "我",
    "本人",
    "当事人",
    "该男子",
    "该女子",
    "患儿",
    "孩子",
    "其子",
    "其女",
    "其妻",
    "其夫",
    "其父",
    "其母",
    "受害人",
    "被害人",
    "答：",
];
const NOT_SUBJECT: &[&str] =
    &["其他", "其中", "其间", "尤其", "极其", "及其", "其余", "其它", "他人", "其后", "其所", "其他人", "吉他"];
const NORMATIVE: &[&str] = &[
    "应当",
    "不得",
    "有权",
    "有义务",
    "依照",
    "按照",
    "依法",
    "规定",
    "的权利",
    "禁止",
    "负责",
    "保障",
    "尊重",
    "自由",
];
const IM: &[&str] = &[
    "微信号",
    "微信",
    "微信账号",
    "微信名",
    "WeChat",
    "wechat",
    "抖音号",
    "快手号",
    "账号",
    "帐号",
    "用户名",
    "昵称",
    "ID",
];
const QQ: &[&str] = &["QQ", "qq", "QQ号", "QQ号码"];
const ACCOUNT: &[&str] = &["账号", "卡号", "账户", "帐号", "帐户", "银行"];
const PHONE: &[&str] = &["电话", "手机", "联系方式", "Tel", "TEL", "tel"];

/// One cue word found: its characters `[start, end)` in the normalised text and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub cues: u32,
}

/// The cue words by their first character: for each character of the Basic Multilingual
/// Plane, the group of words it starts (0: none), each group shortest first.
struct Lexicon {
    first: Vec<u16>,
    groups: Vec<Vec<(Box<[char]>, u32)>>,
    longest: usize,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let lists: [(&[&str], u32); 27] = [
        (HOME, cue::HOME),
        (OTHER_LABEL, cue::OTHER_LABEL),
        (RESIDENCE, cue::RESIDENCE),
        (ORG_PLACE, cue::ORG_PLACE),
        (PERSON, cue::PERSON),
        (ROLE, cue::ROLE),
        (TITLE_AFTER, cue::TITLE_AFTER),
        (VERB, cue::VERB),
        (PUBLIC_TITLE, cue::PUBLIC_TITLE),
        (HEALTH, cue::HEALTH),
        (NOT_HEALTH, cue::NOT_HEALTH),
        (RELIGION, cue::RELIGION),
        (BIOMETRIC, cue::BIOMETRIC),
        (MATCHED, cue::MATCHED),
        (LODGING, cue::LODGING),
        (MOVEMENT, cue::MOVEMENT),
        (IM, cue::IM),
        (QQ, cue::QQ),
        (ACCOUNT, cue::ACCOUNT),
        (PHONE, cue::PHONE),
        (NOT_NAME, cue::NOT_NAME),
        (HEALTH_MORE, cue::HEALTH_MORE),
        (TRACK, cue::TRACK),
        (SUBJECT, cue::SUBJECT),
        (NOT_SUBJECT, cue::NOT_SUBJECT),
        (NORMATIVE, cue::NORMATIVE),
        (NOT_ACCOUNT, cue::NOT_ACCOUNT),
    ];
    let mut words: std::collections::BTreeMap<Vec<char>, u32> = std::collections::BTreeMap::new();
    for (list, c) in lists {
        for w in list {
            *words.entry(w.chars().collect()).or_default() |= c;
        }
    }
    let mut first = vec![0u16; 0x10000];
    let mut groups: Vec<Vec<(Box<[char]>, u32)>> = vec![Vec::new()];
    for (w, c) in words {
        let f = w[0] as usize;
        if f >= first.len() {
            continue;
        }
        if first[f] == 0 {
            first[f] = u16::try_from(groups.len()).unwrap_or(0);
            groups.push(Vec::new());
        }
        groups[usize::from(first[f])].push((w.into_boxed_slice(), c));
    }
    for g in &mut groups {
        g.sort_by_key(|(w, _)| w.len());
    }
    let longest = groups.iter().flatten().map(|(w, _)| w.len()).max().unwrap_or(0);
    Lexicon { first, groups, longest }
});

/// The length of the longest cue word, in characters.
pub(crate) fn longest() -> usize {
    LEXICON.longest
}

/// Every cue word in `cs` (overlapping ones included), ordered by start, then end.
pub(crate) fn hits(cs: &[char]) -> Vec<Hit> {
    let lx = &*LEXICON;
    let mut out = Vec::with_capacity(cs.len() / 8);
    for (i, c) in cs.iter().enumerate() {
        let g = lx.first.get(*c as usize).copied().unwrap_or(0);
        if g == 0 {
            continue;
        }
        let rest = &cs[i..];
        for (w, cues) in &lx.groups[usize::from(g)] {
            // The first character matched already; most words are two or three long.
            if rest.len() >= w.len() && w[1..].iter().zip(&rest[1..]).all(|(a, b)| a == b) {
                out.push(Hit { start: i, end: i + w.len(), cues: *cues });
            }
        }
    }
    out
}

/// A set of characters of the Basic Multilingual Plane, one bit each.
struct CharSet(Vec<u64>);

impl CharSet {
    fn of(cs: &[char]) -> Self {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in cs.iter().map(|c| *c as usize).filter(|c| *c < 0x10000) {
            bits[c / 64] |= 1 << (c % 64);
        }
        CharSet(bits)
    }
    fn has(&self, c: char) -> bool {
        let c = c as usize;
        c < 0x10000 && self.0[c / 64] & (1 << (c % 64)) != 0
    }
}

/// Common Chinese surnames (single characters).
static SURNAMES: LazyLock<CharSet> = LazyLock::new(|| {
    let v: Vec<char> = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧鞠洪暴杭芮凤花班揭郜蔺逯练宣宿厉邸廉蔚仝鄢琚阚郦郗钮帅嵇晁乐綦闻井郁来占计伏邰宦冀郏雍隆勾糜甯薄赖谈栗禹扈庹逄雒昝訾笪粟亓阙贲钭官冼祖韶"
        .chars()
        .collect();
    CharSet::of(&v)
});

/// Whether `c` is a common surname.
pub(crate) fn is_surname(c: char) -> bool {
    SURNAMES.has(c)
}

/// Characters common in given names.
static GIVEN: LazyLock<CharSet> = LazyLock::new(|| {
    let v: Vec<char> = "大小一二三四五六七八九十诺子之天宇承继绍守延益增添双立本尚先若万丰丹丽义乐书乾云亨亮仁优伟佩佳俊信俭倩健元光兑全兰兴兵军冬冰凤凯凰刃刚利剑勇勤华博卿双发吉君含和品哲善喜嘉国圆土坎坤墨士壮夏妍姗姝娅娇娜娟娴婉婕婷媚媛嫣子孙孝学宁宇安宏宝家富寿展山岩岭岳峦峰峻崇嵘巍川巽帆平庆康廉建强彤彦彩彪彬德心志忠念怀思怡恒恩恭悌悦惠想慧才振捷敏文斌斐新旋日旭旺昊昌明昕星春昭晓晖晗晟晨晴晶智暄曦曲月朗木朱朴杏杨杰松林枫柏柳栋树根桂桃桐桦梁梅棋森楠楷榕欢欣歌武民水永江沁沐河波泰泽洁洋洪浩浪海涛润涵淑淼清渊温满火灿炎炜烈烨焕焱熙燕狮玉玮玲珂珊珍珑珠琅琛琦琪琳琴琼瑛瑜瑞瑶瑾璇璋璐生电画畅盛睦睿石碧磊礼祥禄福离秀秋程立章竹笑素红纯绣绮美翔翠翰耀聪胜能腾致舞舟航艮良艳艺芝芬芳芸英茹荣荷莉莎莲莺菊菲萍蓉蓓蕾薇虎虹言让词诗诚语豪豹贝贞财贤贵超跃蹈轩辉达远通邦里金鑫钢钧钻铭铮银锋锐锦镇长阳隆雁雄雅雨雪雯雷震霏霖霜霞露青静顺颖风飞鸽鸿鹃鹊鹏鹤鹰麒麟龙东保修卫厚启坚宽广扬毅治泉深源溪湖莹辰逸遥铁驰骏鸣齐紫爱昂忆功升千少拓佑梓萱汐琬瑄芊蔓玥钰歆妤翊煜炫烁昱晔珺铄祺禧骁骞崧锴铠霆霁曜奕弈峥嵩皓淳湛澜澄灏瀚沛沣渝漫潇洲汉淮浚凌冉兮乔岚伊蔚韵韬毓灵妙姣娥娣妹柱栓锁拴花繁凡世桥田勋孟仲伯婵琰璟瑗彧赫奎魁群盈冠宸恺郁".chars().collect();
    CharSet::of(&v)
});

/// Whether `c` is common in given names.
pub(crate) fn is_given(c: char) -> bool {
    GIVEN.has(c)
}

/// Common words that begin with a surname character, with their frequency (see the data file).
static SURNAME_WORDS: LazyLock<std::collections::HashMap<&'static str, u32>> = LazyLock::new(|| {
    include_str!("../../data/surname-words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(w, f)| Some((w, f.parse().ok()?)))
        .collect()
});

/// How common the word `w` is, if it is a common word that begins with a surname character.
pub(crate) fn word_frequency(w: &[char]) -> Option<u32> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in w {
        if len + c.len_utf8() > buf.len() {
            return None;
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    std::str::from_utf8(&buf[..len]).ok().and_then(|k| SURNAME_WORDS.get(k).copied())
}

/// Common two-character words, with their frequency (see the data file).
static COMMON_WORDS: LazyLock<std::collections::HashMap<(char, char), u32>> = LazyLock::new(|| {
    include_str!("../../data/common-words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(w, f)| {
            let mut cs = w.chars();
            Some(((cs.next()?, cs.next()?), f.parse().ok()?))
        })
        .collect()
});

/// How common the two-character word `a` `b` is, if it is a common word.
pub(crate) fn pair_frequency(a: char, b: char) -> Option<u32> {
    COMMON_WORDS.get(&(a, b)).copied()
}

/// Two-character surnames.
const COMPOUND: [[char; 2]; 20] = [
    ['欧', '阳'],
    ['司', '马'],
    ['上', '官'],
    ['诸', '葛'],
    ['东', '方'],
    ['皇', '甫'],
    ['尉', '迟'],
    ['公', '孙'],
    ['令', '狐'],
    ['慕', '容'],
    ['长', '孙'],
    ['宇', '文'],
    ['夏', '侯'],
    ['端', '木'],
    ['百', '里'],
    ['呼', '延'],
    ['独', '孤'],
    ['南', '宫'],
    ['西', '门'],
    ['司', '徒'],
];

/// Whether a two-character surname starts at `i`.
pub(crate) fn compound_at(cs: &[char], i: usize) -> bool {
    cs.get(i..i + 2).is_some_and(|p| COMPOUND.iter().any(|c| c[..] == *p))
}
