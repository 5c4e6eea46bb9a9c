// Place names for the generated corpus, from the same gazetteer the engine uses
// (@vant/area-data, GB/T 2260): prefecture-level cities with their province and counties,
// and the short forms a text uses ("成都" for 成都市, "四川" for 四川省).
import { areaList } from "@vant/area-data";

export interface City {
  code: string;
  name: string;
  short: string;
  province: string;
  provinceShort: string;
  counties: { name: string; short: string }[];
}

const MUNICIPALITY = /^(11|12|31|50)/;
const OUTSIDE = /^(71|81|82)/; // Taiwan, Hong Kong, Macao: different administrative vocabulary.

export const shortProvince = (n: string) => n.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/u, "");
export const shortCity = (n: string) => n.replace(/((?:[\p{Script=Han}]{1,4}族)*自治州|地区|盟|市)$/u, "");
const shortCounty = (n: string) => {
  const s = n.replace(/((?:[\p{Script=Han}]{1,4}族)*自治县|县|市|区)$/u, "");
  return s.length >= 2 ? s : n;
};

let cities: City[] | undefined;

/** Every prefecture-level city (not the municipalities), in code order. */
export function allCities(): City[] {
  if (cities) return cities;
  const provinces = areaList.province_list as Record<string, string>;
  const cityList = areaList.city_list as Record<string, string>;
  const countyList = areaList.county_list as Record<string, string>;
  const counties = new Map<string, { name: string; short: string }[]>();
  for (const [code, name] of Object.entries(countyList).sort()) {
    if (/(开发区|高新区|园区|新区|管理区|示范区)$/u.test(name)) continue;
    const list = counties.get(code.slice(0, 4)) ?? [];
    list.push({ name, short: shortCounty(name) });
    counties.set(code.slice(0, 4), list);
  }
  cities = Object.entries(cityList)
    .sort()
    .filter(([code, name]) => !MUNICIPALITY.test(code) && !OUTSIDE.test(code) && /市$/.test(name) && name.length >= 3)
    .map(([code, name]) => {
      const province = provinces[code.slice(0, 2) + "0000"];
      return {
        code,
        name,
        short: shortCity(name),
        province,
        provinceShort: shortProvince(province),
        counties: counties.get(code.slice(0, 4)) ?? [],
      };
    })
    .filter((c) => c.province && c.counties.length >= 2);
  return cities;
}

/** The city of a region string such as "四川省成都市" (as documents.json records it). */
export function cityOfRegion(region: string | undefined): City | undefined {
  if (!region) return undefined;
  return allCities().find((c) => region === c.province + c.name || region.endsWith(c.name));
}
