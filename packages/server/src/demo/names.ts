// Word lists for synthetic demo names. Every name made from them is fictional.

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武'.split(
    '',
  );
export const GIVEN =
  '建国 志强 秀英 桂兰 明华 德华 永红 小平 春梅 长青 家富 光明 玉兰 成林 文军 海燕 世平 国庆 红梅 大伟 学军 开云 素珍 兴旺 万福 德贵 泽民 丽娟 晓东 朝阳'.split(
    ' ',
  );
export const BRAND_WORDS =
  '绿源 丰禾 金穗 青山 碧水 龙腾 瑞丰 鑫农 康园 润田 巴岳 玉泉 荷香 柑桔 安居 西郊 宏达 佳禾 田园 绿野 龙泉 清溪 百果 众鑫 嘉禾 兴农 惠民 天府 长丰 银杏'.split(
    ' ',
  );
export const VILLAGE_WORDS =
  '石桥 龙泉 大塘 新屋 黄桷 观音 白果 水井 高峰 凉亭 双河 柏林 玉皇 青龙 金竹 枫香 马鞍 松林 三合 太和 永兴 和平 五星 红光 长岭 石盘 桂花 杨柳 堰塘 茶园'.split(
    ' ',
  );

export const PRODUCTS: Record<string, string[]> = {
  vegetables: [
    '白菜',
    '萝卜',
    '辣椒',
    '茄子',
    '番茄',
    '黄瓜',
    '豇豆',
    '菜心',
    '莲藕',
    '莴笋',
    '菠菜',
    '芹菜',
  ],
  fruit: ['柑橘', '柚子', '枇杷', '葡萄', '桃', '李子', '梨', '柠檬', '草莓'],
  grain_oil: ['水稻', '玉米', '油菜籽', '红薯', '马铃薯'],
  tea: ['绿茶', '红茶'],
  livestock: ['生猪', '肉牛', '山羊', '肉兔'],
  poultry: ['肉鸡', '蛋鸡', '鸡蛋', '肉鸭', '鸭蛋'],
  aquatic: ['草鱼', '鲫鱼', '鲤鱼', '鲢鱼', '小龙虾'],
  fungi: ['平菇', '香菇', '金针菇'],
  herbs: ['金银花', '黄精'],
  inputs: ['农药', '兽药', '化肥', '饲料', '种子'],
  other: ['蜂蜜'],
};

export const INDUSTRY_WORDS: Record<string, string> = {
  vegetables: '蔬菜',
  fruit: '果业',
  grain_oil: '粮油',
  tea: '茶业',
  livestock: '养殖',
  poultry: '禽业',
  aquatic: '水产',
  fungi: '食用菌',
  herbs: '中药材',
  other: '农业',
};
