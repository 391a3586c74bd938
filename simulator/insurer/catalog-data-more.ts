// The simulator's other catalogs, as data (issue 11 item 4): 1303 医疗机构制剂, 1304 民族药, the code
// lists 1308–1311 and 1313–1315, the 1318 price caps and 1319 self-pay ratios that change over time,
// 1301's trade names (商品名) and the 1901 code tables. One row per line, '|' separated; '' = empty.

/** 1301 商品名 by national code (the rest of 1301 is catalog-data.ts's DRUG_ROWS). */
export const TRADE_NAMES: Record<string, string> = {
  X000001A0022693: '阿莫仙',
  X000002A0017367: '联邦克拉维',
  X000003A0021616: '欧意先锋',
};

/** 1303 医疗机构制剂: code|name|spec|form|min unit|chrgitm_lv|price cap (yuan per unit)|maker|ver */
export const PREPARATION_ROWS = `
Z00000001330101|复方甘草合剂(院内制剂)|100ml/瓶|合剂|瓶|02|12.5|浙江省中医院|20250101001
Z00000002330101|止咳糖浆(院内制剂)|100ml/瓶|糖浆剂|瓶|02||浙江省中医院|20250101001
Z00000003330101|清热解毒颗粒(院内制剂)|10g×10袋|颗粒剂|袋|02||杭州市第一人民医院|20260601001
`;

/** 1304 民族药: code|name|ethdrug_type|spec|form|min unit|chrgitm_lv|maker|ver */
export const ETHNIC_ROWS = `
ZM00000010001|二十五味珊瑚丸|藏药|1g×10丸|丸剂|丸|02|西藏奇正藏药股份有限公司|20250101001
ZM00000020001|七十味珍珠丸|藏药|1g×6丸|丸剂|丸|03|西藏甘露藏药股份有限公司|20250101001
ZM00000030001|扎冲十三味丸|蒙药|0.2g×30丸|丸剂|丸|02|内蒙古蒙药股份有限公司|20260601001
`;

/** 1308 手术操作 (ICD-9-CM-3): code|name|chapter code|chapter|ver */
export const OPERATION_ROWS = `
86.0400|皮肤和皮下组织的切开引流术|15|皮肤和皮下组织手术|20250101001
86.5900|皮肤和皮下组织的缝合|15|皮肤和皮下组织手术|20250101001
86.2200|伤口、感染或烧伤的切除性清创术|15|皮肤和皮下组织手术|20250101001
99.2900|其他治疗性或预防性物质的注射或输注|16|其他诊断性和治疗性操作|20250101001
93.3900|其他物理治疗|16|其他诊断性和治疗性操作|20250101001
47.0900|其他阑尾切除术|9|消化系统手术|20260601001
`;

/** 1309 门诊慢特病种: code|name|major class|sub class|ver */
export const CHRONIC_ROWS = `
M03900|高血压|慢性病|高血压|20250101001
M01600|糖尿病|慢性病|2型糖尿病|20250101001
M05300|慢性阻塞性肺疾病|慢性病|呼吸系统疾病|20250101001
M07800|慢性肾脏病|特殊病|肾功能衰竭透析|20250101001
M00500|恶性肿瘤门诊治疗|特殊病|恶性肿瘤|20260601001
`;

/** 1310 按病种付费病种: code|name|limited operation code|limited operation name|content|ver */
export const BYDISEASE_ROWS = `
B00001|急性单纯性阑尾炎|47.0900|其他阑尾切除术|阑尾切除术(开腹或腹腔镜)|20250101001
B00002|剖宫产|74.1x00|低位子宫下段剖宫产|子宫下段剖宫产术|20250101001
B00003|老年性白内障|13.4100|白内障晶状体乳化和抽吸|超声乳化白内障摘除+人工晶体植入|20260601001
`;

/** 1311 日间手术治疗病种: code|name|operation code|operation name|ver */
export const DAY_SURGERY_ROWS = `
RJ0001|老年性白内障|13.4100|白内障晶状体乳化和抽吸|20250101001
RJ0002|腹股沟疝|53.0200|腹股沟直疝修补术|20250101001
RJ0003|结肠息肉|45.4200|内镜下结肠息肉切除术|20260601001
`;

/** 1313 肿瘤形态学 (ICD-O-3): code|name|cell type code|cell type|ver */
export const MORPHOLOGY_ROWS = `
M8140/3|腺癌|814|腺瘤和腺癌|20250101001
M8070/3|鳞状细胞癌|807|鳞状细胞肿瘤|20250101001
M8000/0|良性肿瘤|800|肿瘤,非特指|20250101001
M9590/3|恶性淋巴瘤|959|恶性淋巴瘤,非特指|20260601001
`;

/** 1314 中医疾病: code|name|category code|category|system code|system|ver */
export const TCM_DISEASE_ROWS = `
A01.01.01.01|感冒病|A01|内科|A01.01|肺系病类|20250101001
A01.01.02.01|咳嗽病|A01|内科|A01.01|肺系病类|20250101001
A01.03.04.01|眩晕病|A01|内科|A01.03|脑系病类|20250101001
A01.04.01.03|胃脘痛|A01|内科|A01.04|脾系病类|20250101001
A03.06.01.01|项痹病|A03|骨伤科|A03.06|筋伤病类|20260601001
`;

/** 1315 中医证候: code|name|category code|category|ver */
export const TCM_SYNDROME_ROWS = `
B01.01.01|风寒束表证|B01|外感证类|20250101001
B01.01.02|风热犯表证|B01|外感证类|20250101001
B02.03.01|肝阳上亢证|B02|脏腑证类|20250101001
B02.04.05|脾胃虚弱证|B02|脏腑证类|20260601001
`;

/**
 * 1318 限价 rows beyond each item's current cap (catalog-data.ts): an older cap that ended, so the
 * HIS must keep the newest valid one. code|cap (yuan)|begndate|enddate|updt_time
 */
export const OLD_CAP_ROWS = `
X000001A0022693|0.5|2024-01-01|2024-12-31|2024-01-01 00:00:00
`;

/** 1319 先自付比例 rows beyond each 乙类 item's current ratio: code|ratio|begndate|enddate|updt_time */
export const OLD_SELFPAY_ROWS = `
X000002A0017367|0.2|2024-01-01|2024-12-31|2024-01-01 00:00:00
`;

/**
 * 1901 字典表: type → value|label rows (the platform's labels; a province differs: psn_type 1503
 * and 1502's label are this simulator's, so the HIS's seed labels can be seen to be replaced).
 */
export const CODE_TABLES: Record<string, string> = {
  insutype: `
310|职工基本医疗保险
320|公务员医疗补助
330|大额医疗费用补助
340|离休人员医疗保障
370|企业补充医疗保险
390|城乡居民基本医疗保险
392|城乡居民大病医疗保险
510|生育保险
`,
  psn_type: `
1101|在职
1201|退休
1401|学生
1402|学龄前儿童
1501|普通居民
1502|城乡居民(60周岁以上)
1503|城乡居民(未成年人)
`,
  med_type: `
11|普通门诊
12|门诊挂号
13|急诊
14|门诊慢特病
21|普通住院
23|转外诊治住院
24|急诊转住院
51|生育门诊
52|生育住院
9901|门诊两病
`,
  clr_type: `
11|门诊
21|住院
41|药店购药
`,
  psn_idet_type: `
2101|特困供养人员
2201|最低生活保障对象
2301|返贫致贫人口
2401|低保边缘家庭成员
`,
  fund_pay_type: `
310100|职工基本医疗保险统筹基金
310200|职工基本医疗保险个人账户
390100|城乡居民基本医疗保险基金
390200|城乡居民大病医疗保险资金
610100|医疗救助基金
999997|其他基金
`,
};
