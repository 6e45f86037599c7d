"""A deterministic, realistic synthetic patent corpus for a city and its districts (`zhichan demo`).

Valid application numbers with check characters, real IPC codes (titles when reference data is loaded),
applicants in the city's real districts with addresses, plausible dates, legal events (grant, lapse, transfer,
pledge), some families with members granted abroad. It goes through the same loader as every import.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from zhichan.patents import numbers
from zhichan.patents import record as rec

FALLBACK_IPC = [
    "H01M10/052", "H01M4/525", "H01M10/44", "G06F16/583", "G06F3/0484", "G06N3/08", "G06T7/00", "G06Q10/06",
    "H04L67/12", "H04W4/90", "B60L53/80", "B60W30/09", "G01R31/389", "E21B47/024", "E21F17/18", "B65G47/90",
    "B23K37/04", "B25J9/16", "F16H57/04", "A61K36/00", "A61B5/00", "C12N15/11", "C08L23/06", "C04B28/00",
    "B01D53/86", "C02F9/00", "H02J7/00", "H02J3/38", "F24S20/40", "A01B1/02", "A23L33/00", "G05B19/418",
    "E02F9/22", "B66C13/18", "H05K7/20", "G08G1/16", "G01N21/88", "B33Y10/00", "C22C38/00", "D06F58/20",
]
TOPICS = [("锂离子电池", "正极材料"), ("矿用", "液压支架"), ("智能", "巡检机器人"), ("工程机械", "控制系统"),
          ("新能源汽车", "电池包"), ("光伏", "逆变器"), ("煤矿", "瓦斯监测装置"), ("医疗", "检测试剂盒"),
          ("图像", "识别方法"), ("数据", "处理方法"), ("污水", "处理设备"), ("起重机", "臂架"),
          ("挖掘机", "动臂"), ("农业", "播种装置"), ("食品", "保鲜方法"), ("复合", "涂层材料")]
PREFIXES = ["一种", "一种基于深度学习的", "一种高效", "一种可调节的", "一种用于", "一种新型", "一种低能耗的"]
FIRM_WORDS = ["徐工", "恒盛", "华能", "鼎力", "科瑞", "中煤", "天宇", "博远", "盛世", "宏达", "金山", "云图",
              "智行", "海川", "鑫泰", "汉邦", "润丰", "凯盛", "新元", "东方"]
FIRM_TRADES = ["机械", "科技", "新能源", "智能装备", "信息技术", "生物科技", "材料", "环保", "电子", "重工"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞波宇浩然子轩"
ROADS = ["解放", "中山", "淮海", "建国", "和平", "矿山", "金山", "科技", "创业", "学府", "黄河", "湖滨"]
UNIVERSITY_SUFFIXES = ["大学", "工程学院", "师范大学", "医科大学", "职业技术学院"]
ABROAD = ["US", "EP", "JP", "KR", "DE"]


@dataclass
class Place:
    province: str
    city: str
    districts: list[tuple[str, str]]  # (code, name)


@dataclass
class Party:
    name: str
    code: str
    address: str


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


class DemoCorpus:
    def __init__(self, place: Place, ipc_codes: list[str], seed: int = 2026) -> None:
        self.place = place
        self.ipc_codes = ipc_codes or FALLBACK_IPC
        self.rng = random.Random(seed)
        self.applicants = self._applicants()
        self.serials: dict[tuple[int, str], int] = {}

    def _address(self, district: str) -> str:
        return (f"{self.place.province}{self.place.city}{district}{self.rng.choice(ROADS)}路"
                f"{self.rng.randint(1, 300)}号")

    def _applicants(self) -> list[tuple[Party, float]]:
        rng = self.rng
        city_short = self.place.city.removesuffix("市")
        pool: list[tuple[Party, float]] = []
        for i in range(160):
            code, district = rng.choice(self.place.districts)
            name = f"{city_short}{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_TRADES)}{'股份' if i % 7 == 0 else ''}有限公司"
            pool.append((Party(name, code, self._address(district)), rng.paretovariate(1.2)))
        for suffix in UNIVERSITY_SUFFIXES:
            code, district = rng.choice(self.place.districts)
            pool.append((Party(f"{city_short}{suffix}", code, self._address(district)), 8.0))
        for trade in ("矿业研究院", "农业科学院", "工程技术研究中心"):
            code, district = rng.choice(self.place.districts)
            pool.append((Party(f"{city_short}市{trade}", code, self._address(district)), 2.0))
        for _ in range(40):
            code, district = rng.choice(self.place.districts)
            pool.append((Party(_name(rng), code, self._address(district)), 0.3))
        return pool

    def _number(self, year: int, type_digit: str) -> numbers.ApplicationNumber:
        # Serials from 9,000,000 up: far above what CNIPA has issued, so demo numbers never collide with real ones.
        serial = self.serials.get((year, type_digit), self.rng.randint(9_000_000, 9_100_000))
        self.serials[(year, type_digit)] = serial + self.rng.randint(1, 40)
        digits = f"{year}{type_digit}{serial:07d}"
        return numbers.ApplicationNumber("CN", digits, numbers.cn_check_character(digits))

    def records(self, size: int) -> Iterator[rec.PatentRecord]:
        # Cumulative weights computed once (choices() would rebuild them on every call): the same draws.
        applicants = list(accumulate(w for _, w in self.applicants))
        years = list(accumulate(1 + (y - 2008) ** 1.3 for y in range(2008, 2026)))
        kinds = list(accumulate([50, 42, 8]))
        publication_serial = 100_000_000
        for index in range(size):
            rng = self.rng
            year = rng.choices(range(2008, 2026), cum_weights=years)[0]
            kind = rng.choices(["1", "2", "3"], cum_weights=kinds)[0]
            number = self._number(year, kind)
            filing = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            applicant = rng.choices(self.applicants, cum_weights=applicants)[0][0]
            parties = [rec.PartyRecord(rec.APPLICANT, applicant.name, address=applicant.address,
                                       region_code=applicant.code, country="CN")]
            if rng.random() < 0.12:
                other = rng.choices(self.applicants, cum_weights=applicants)[0][0]
                if other.name != applicant.name:
                    parties.append(rec.PartyRecord(rec.APPLICANT, other.name, address=other.address,
                                                   region_code=other.code, country="CN"))
            parties += [rec.PartyRecord(rec.INVENTOR, _name(rng)) for _ in range(rng.randint(1, 5))]
            publication_serial += rng.randint(1, 30)
            yield self._record(index, number, kind, filing, parties, publication_serial)

    def _record(self, index: int, number: numbers.ApplicationNumber, kind: str, filing: dt.date,
                parties: list[rec.PartyRecord], serial: int) -> rec.PatentRecord:
        rng = self.rng
        topic, thing = rng.choice(TOPICS)
        codes = list(dict.fromkeys(rng.sample(self.ipc_codes, k=rng.randint(1, 4))))
        patent_type = {"1": rec.INVENTION, "2": rec.UTILITY, "3": rec.DESIGN}[kind]
        title = f"{rng.choice(PREFIXES)}{topic}{thing}" if kind != "3" else f"{topic}{thing}(外观)"
        pubs, events, grant, status_word = self._lifecycle(kind, filing, serial)
        record = rec.PatentRecord(
            key=number.key, country="CN", app_number_raw=number.key, patent_type=patent_type, title=title,
            abstract=f"本{rec.PATENT_TYPE_LABELS[patent_type]}公开了{title.removeprefix('一种')}，涉及{topic}技术领域。",
            claims=f"1. {title}，其特征在于，包括……", filing_date=filing, grant_date=grant,
            legal_status={"有效": "valid", "审中": "pending", "失效": "lapsed", "驳回": "rejected",
                          "撤回": "withdrawn"}[status_word], legal_status_raw=status_word,
            main_ipc=codes[0], ipc=codes, claims_count=rng.randint(1, 20) if kind != "3" else 1,
            cited_by_count=int(rng.paretovariate(1.5)) - 1, publications=pubs, parties=parties, events=events,
        )
        if kind == "1" and grant and rng.random() < 0.06:
            country = rng.choice(ABROAD)
            record.family_members = [f"{country}{rng.randint(10_000_000, 11_999_999)}B2"]
            record.family_size = 2
        record.source = rec.SourceRow("demo", index + 1, {"generator": "zhichan demo"})
        return record

    def _lifecycle(self, kind: str, filing: dt.date, serial: int
                   ) -> tuple[list[rec.PublicationRecord], list[rec.EventRecord], dt.date | None, str]:
        rng = self.rng
        today = dt.date(2026, 6, 30)
        pubs: list[rec.PublicationRecord] = []
        events: list[rec.EventRecord] = []
        grant: dt.date | None = None
        if kind == "1":
            published = filing + dt.timedelta(days=rng.randint(180, 560))
            if published > today:
                return pubs, events, None, "审中"
            pubs.append(rec.PublicationRecord(f"CN{serial}A", "CN", "A", published))
            events.append(rec.EventRecord(published, "公开", "发明专利申请公布"))
            outcome = rng.choices(["grant", "pending", "rejected", "withdrawn"], weights=[55, 20, 15, 10])[0]
            decided = published + dt.timedelta(days=rng.randint(300, 1100))
            if outcome != "grant" or decided > today:
                word = {"pending": "审中", "rejected": "驳回", "withdrawn": "撤回"}.get(outcome, "审中")
                if outcome != "pending" and decided <= today:
                    events.append(rec.EventRecord(decided, word, f"发明专利申请{word}"))
                    return pubs, events, None, word
                return pubs, events, None, "审中"
            grant = decided
            pubs.append(rec.PublicationRecord(f"CN{serial}B", "CN", "B", grant))
        else:
            grant = filing + dt.timedelta(days=rng.randint(120, 400))
            if grant > today:
                return pubs, events, None, "审中"
            pubs.append(rec.PublicationRecord(f"CN{serial}{'U' if kind == '2' else 'S'}", "CN",
                                              "U" if kind == "2" else "S", grant))
        events.append(rec.EventRecord(grant, "授权", "授权"))
        if rng.random() < 0.05:
            events.append(rec.EventRecord(grant + dt.timedelta(days=rng.randint(30, 900)), "转让", "专利权的转移"))
        if rng.random() < 0.03:
            events.append(rec.EventRecord(grant + dt.timedelta(days=rng.randint(30, 900)), "质押",
                                          f"专利权质押合同登记的生效，质押金额 {rng.randint(50, 2000)} 万元"))
        term_years = {"1": 20, "2": 10, "3": 10}[kind]
        lapse = grant + dt.timedelta(days=int(365 * rng.uniform(2, term_years)))
        if rng.random() < 0.35 and lapse <= today:
            events.append(rec.EventRecord(lapse, "终止", "未缴年费专利权终止"))
            return pubs, events, grant, "失效"
        return pubs, events, grant, "有效"
