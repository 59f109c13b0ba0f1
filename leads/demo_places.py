"""The demo's places and channel details: Hangzhou districts and compounds, what a salesperson types as a lead's
source. Shared by the story seeder (demo.py) and the scale seeder (demo_scale.py), which import it; it imports
neither, so the two seeders import in one direction (demo -> demo_scale -> demo_places)."""

from customers.services import district_ensure

from .choices import Channel

CITY = "杭州市"
# name, urban (after-sales deadlines depend on it)
DISTRICTS = [
    ("上城区", True),
    ("拱墅区", True),
    ("西湖区", True),
    ("滨江区", True),
    ("萧山区", True),
    ("余杭区", False),
    ("临平区", False),
    ("富阳区", False),
    ("临安区", False),
]
COMPOUNDS = {
    "上城区": ["钱江新城春江花月", "望江府", "杭州湾·绿城"],
    "拱墅区": ["运河宸园", "大关苑", "和睦新村"],
    "西湖区": ["西溪诚园", "文鼎苑", "翠苑一区"],
    "滨江区": ["江南之星", "东方郡", "钱塘春晓"],
    "萧山区": ["湘湖壹号", "金色钱塘", "时代之城"],
    "余杭区": ["良渚文化村", "未来科技城海创园", "五常港湾"],
    "临平区": ["星桥郡", "运河汇", "临平山居"],
    "富阳区": ["富春山居", "银湖花苑", "东洲佳苑"],
    "临安区": ["青山湖畔", "锦城小区", "玲珑山居"],
}

# Where the leads came from, with the detail a salesperson would type.
CHANNEL_DETAILS = {
    Channel.SHORT_VIDEO: ["抖音", "快手", "视频号"],
    Channel.WECHAT: ["小红书", "微信公众号", "朋友圈广告"],
    Channel.HOME_PLATFORM: ["土巴兔", "齐家网", "好好住"],
    Channel.LIVE_STREAM: ["抖音直播", "淘宝直播"],
    Channel.EXPO: ["2026杭州春季家博会", "西博会家装展"],
    Channel.GROUND_PROMOTION: ["小区地推", "交房活动"],
    Channel.DEVELOPER_PARTNER: ["万科物业合作", "绿城交付季"],
    Channel.REFERRAL: ["老客户转介绍"],
    Channel.PUBLIC_TENDER: ["政府采购网"],
    Channel.PHONE: ["400热线"],
    Channel.WEBSITE: ["官网预约"],
    Channel.WALK_IN: ["门店到访"],
}


def ensure_districts():
    districts = {}
    for name, urban in DISTRICTS:
        districts[name] = district_ensure(name=name, city=CITY, is_urban=urban)
    return districts
