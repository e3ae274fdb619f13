import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readAll, readFailure } from './read-support.ts'

const document = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>射阳</name>
<Style id="s"><LineStyle><color>ff0000ff</color></LineStyle></Style>
<Placemark><name>射阳县实验小学</name><description><![CDATA[<b>学校</b>]]></description><styleUrl>#s</styleUrl>
<ExtendedData><Data name="类型"><value>school</value></Data><Data name="学生数"><value>1200</value></Data></ExtendedData>
<Point><coordinates>120.2571,33.7756,0</coordinates></Point></Placemark>
<Folder><Placemark><name>禁放区</name><Polygon><outerBoundaryIs><LinearRing><coordinates>120.25,33.77 120.26,33.77 120.26,33.78 120.25,33.77</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>两处</name><MultiGeometry>
<Polygon><outerBoundaryIs><LinearRing><coordinates>120,33 120.1,33 120.1,33.1 120,33</coordinates></LinearRing></outerBoundaryIs></Polygon>
<Polygon><outerBoundaryIs><LinearRing><coordinates>121,34 121.1,34 121.1,34.1 121,34</coordinates></LinearRing></outerBoundaryIs></Polygon>
</MultiGeometry></Placemark></Folder>
</Document></kml>`

const expected = [
  {
    rowNo: 1,
    values: { name: '射阳县实验小学', description: '<b>学校</b>', 类型: 'school', 学生数: '1200' },
    geometry: { type: 'Point', coordinates: [120.2571, 33.7756, 0] },
  },
  {
    rowNo: 2,
    values: { name: '禁放区', description: null, 类型: null, 学生数: null },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [120.25, 33.77],
          [120.26, 33.77],
          [120.26, 33.78],
          [120.25, 33.77],
        ],
      ],
    },
  },
  {
    rowNo: 3,
    values: { name: '两处', description: null, 类型: null, 学生数: null },
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [120, 33],
            [120.1, 33],
            [120.1, 33.1],
            [120, 33],
          ],
        ],
        [
          [
            [121, 34],
            [121.1, 34],
            [121.1, 34.1],
            [121, 34],
          ],
        ],
      ],
    },
  },
]

describe('the KML reader', () => {
  it('reads Placemarks: name, description and ExtendedData as values, styles left out, MultiGeometry as a multi-polygon', async () => {
    const read = await readAll('敏感目标.kml', document)
    expect(read.format).toBe('kml')
    expect(read.columns).toEqual(['name', 'description', '类型', '学生数'])
    expect(read.rows).toEqual(expected)
  })

  it('reads a KMZ (its doc.kml) the same', async () => {
    const kmz = zipSync({ 'doc.kml': new TextEncoder().encode(document), 'files/icon.png': new Uint8Array([1, 2, 3]) })
    const read = await readAll('敏感目标.kmz', kmz)
    expect(read.format).toBe('kml')
    expect(read.rows).toEqual(expected)
  })

  it('refuses broken XML and a KML without placemarks', async () => {
    const broken = await readFailure('a.kml', document.slice(0, 300))
    expect(broken.code).toBe('invalid_kml')
    expect(broken.message).toBe('a.kml：不是有效的 KML 文件（XML 不完整或已损坏）')
    const empty = await readFailure('b.kml', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>')
    expect(empty.code).toBe('no_rows')
    const kmz = await readFailure('c.kmz', zipSync({ 'readme.txt': new Uint8Array([65]) }))
    expect(kmz.message).toBe('c.kmz：压缩包中没有 .kml 文件')
  })
})
