"""Traditional → simplified characters, one character for one, for the words plans use.

Plans copied from Hong Kong, Taiwan or old web pages write 牽頭、負責、職責 and 縣司法局.
The importer reads role words and unit names in simplified script, so annotations are
converted before they are read. The table maps one character to one character, so a
converted string has the same length and every index into it is an index into the
original: the parser finds fields in the converted text and still cuts the original.

Only characters that never stand for themselves in simplified text are listed (乾、著、
於、覆 are left alone). Characters outside the table pass through unchanged; the table
covers the vocabulary of 法治政府 plans (units, roles, time words), not all of Chinese.
"""

from __future__ import annotations

import re

# Each entry is a traditional character followed by its simplified one.
_PAIRS = (
    # Role and annotation words.
    "牽牵頭头負负責责職职單单門门協协參参與与會会辦办領领導导關关務务時时間间級级"
    "為为內内員员處处廳厅鄉乡鎮镇區区縣县級级預预計计劃划統统規规範范審审記记"
    # Units.
    "機机構构體体長长開开發发監监財财農农業业衛卫設设資资網网環环執执檢检眾众衆众"
    "華华東东歸归訴诉訟讼議议證证護护際际濟济產产價价醫医療疗險险齊齐營营運运輸输"
    "號号報报勞劳動动組组織织傳传紀纪線线聯联經经園园館馆檔档圖图書书電电視视廣广"
    "氣气車车軍军隊队義义憲宪黨党國国稅税勢势應应藥药質质訊讯說说請请認认語语調调"
    "談谈論论課课試试詢询譯译讀读變变權权樣样歷历屬属儀仪後后從从復复複复條条項项"
    "題题類类顧顾幹干陽阳陰阴隨随僑侨僅仅優优傷伤儲储兒儿兩两創创勵励勝胜嚴严團团"
    "圍围場场塊块壓压婦妇寬宽寫写層层屆届島岛幣币師师帶带幫帮廢废彈弹徑径徵征懷怀"
    "戶户掃扫掛挂採采換换揮挥損损撥拨擁拥擇择據据擬拟擴扩攝摄敵敌數数樂乐標标橫横"
    "毀毁漢汉潔洁濕湿灣湾熱热燈灯牆墙狀状獻献畢毕異异盜盗碼码確确礎础禍祸稱称竊窃"
    "筆笔籌筹簽签純纯納纳紛纷縮缩繳缴罷罢習习聞闻聲声腦脑臺台艱艰莊庄萬万蓋盖薦荐"
    "藍蓝虛虚術术補补襲袭詞词話话該该諾诺謂谓謝谢譽誉貼贴賣卖賞赏賬账賴赖趕赶踐践"
    "蹤踪軟软較较輪轮輯辑辯辩週周遊游違违鄰邻銀银鋼钢錦锦鏈链鐵铁鑑鉴閉闭問问陣阵"
    "韓韩頁页頂顶頒颁頓顿願愿飯饭餘余駐驻騙骗驅驱驚惊麗丽麥麦黃黄龍龙衝冲"
    "進进選选遷迁邊边過过遠远適适遲迟還还這这連连對对將将專专尋寻壽寿學学寶宝憑凭"
    "態态慮虑戰战擔担斷断樓楼樹树歡欢歲岁殘残決决沒没況况減减測测濫滥災灾無无煙烟"
    "爭争獎奖獨独獲获畫画當当盡尽盤盘禮礼離离種种積积穩稳窮穷競竞節节築筑簡简糧粮"
    "糾纠紅红約约紙纸細细終终結结絕绝給给絲丝綜综綠绿維维緊紧編编練练總总績绩繼继"
    "續续罰罚聖圣聽听肅肃臨临興兴舉举舊旧藝艺蘭兰裝装製制見见親亲覺觉觀观訂订許许"
    "診诊評评詳详誠诚誤误講讲謀谋諮咨識识讓让豐丰貢贡貧贫貨货販贩貴贵費费貿贸賠赔"
    "賦赋購购贊赞趨趋跡迹載载輔辅輕轻轉转辭辞遞递遺遗郵邮釋释針针銷销鋪铺錄录錯错"
    "鍵键閱阅階阶陸陆隱隐雙双雜杂難难靈灵順顺頻频額额顯显風风飛飞養养驗验鬥斗點点"
    "齡龄億亿劉刘張张趙赵錢钱孫孙楊杨吳吴鄧邓蘇苏葉叶羅罗馬马陳陈鄭郑倫伦準准係系"
    "們们個个來来門门問问麼么讚赞嶺岭瀋沈滬沪贛赣閩闽濱滨寧宁陝陕粵粤"
)

_TRADITIONAL = _PAIRS[0::2]
_SIMPLIFIED = _PAIRS[1::2]
TO_SIMPLIFIED = {ord(t): s for t, s in zip(_TRADITIONAL, _SIMPLIFIED, strict=True) if t != s}
# Most plans have no traditional character at all: one class search is much cheaper than translate.
_ANY_TRADITIONAL = re.compile("[" + "".join(chr(code) for code in TO_SIMPLIFIED) + "]")


def to_simplified(text: str) -> str:
    """``text`` with every listed traditional character replaced; same length, same positions."""
    return text.translate(TO_SIMPLIFIED) if _ANY_TRADITIONAL.search(text) else text
