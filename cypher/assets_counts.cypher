// Asset map: every raw count for one query, counted inside Neo4j in one pass over the
// population's ties. Current ties only (valid_to IS NULL): ended ones are history. Nothing about a person leaves the query except counts (and, for bridging,
// numbers 0, 1, 2... given to people in id order here, which mean nothing outside it).
//
// $ids: neighbourhood ids counted together. Population: people IN one of them, consent not
// withdrawn, birth year in $years (null: any, unknown included). Listed assets: spaces and
// groups IN one of them whose kind is not in $exclude. $dominated: ids of people whose networks
// proximity calls support-dominated, or null; $good: id -> unpaid ties of good proximity, or
// null; $projection: whether to return the person-asset memberships for bridging.
UNWIND $ids AS hid
MATCH (h:Entity {id: hid})
WHERE h:Neighbourhood
WITH collect(h) AS hoods
CALL (hoods) {
  UNWIND hoods AS h
  MATCH (a:Entity)-[i:IN]->(h)
  WHERE (a:Space OR a:Group) AND NOT coalesce(a.kind, '') IN $exclude AND i.valid_to IS NULL
  WITH a, min(h.id) AS hood
  RETURN collect(a) AS listed, collect([a, hood]) AS placed
}
// 1. the population, each person's ties walked once
CALL (hoods, listed) {
  UNWIND hoods AS h
  MATCH (p:Person)-[i:IN]->(h)
  WHERE i.valid_to IS NULL AND (p.consent IS NULL OR p.consent <> 'withdrawn')
    AND ($years IS NULL OR p.birth_year IN $years)
  WITH DISTINCT p
  CALL (p, listed) {
    MATCH (p)-[r]-(x)
    WHERE r.valid_to IS NULL
    WITH type(r) AS t, r, x
    RETURN
      collect(CASE WHEN t IN ['VISITS', 'MEMBER_OF'] AND x IN listed THEN x END) AS direct,
      collect(CASE WHEN t = 'MEMBER_OF' AND NOT coalesce(x.kind, '') IN $exclude THEN x END)
        AS groups,
      count(DISTINCT CASE WHEN t = 'KNOWS' THEN x END) AS unpaid,
      collect(CASE WHEN t IN ['INTERESTED_IN', 'WANTS_TO_LEARN', 'SKILLED_IN'] THEN [t, x.id]
              END) AS interests,
      collect(CASE WHEN t = 'HAS_NEED' THEN x.tags END) AS tags,
      collect(CASE WHEN t = 'SUPPORTS' THEN [coalesce(r.role, x.role, 'unknown'),
              r.hours_per_week] END) AS paid
  }
  WITH p, direct, unpaid, interests, tags, paid,
       reduce(s = [], g IN groups |
         s + [(g)-[mt:MEETS_AT]->(m:Space) WHERE m IN listed AND mt.valid_to IS NULL | m]) AS meeting
  WITH p, direct, unpaid, interests, tags, paid,
       reduce(s = [], a IN direct + meeting | CASE WHEN a IN s THEN s ELSE s + [a] END) AS assets,
       reduce(s = [], t IN reduce(all = [], ts IN tags | all + coalesce(ts, [])) |
         CASE WHEN t IN s THEN s ELSE s + [t] END) AS needs
  ORDER BY p.id
  RETURN collect({
    assets: assets, direct: [a IN direct | a.id], unpaid: unpaid,
    dominated: $dominated IS NOT NULL AND p.id IN $dominated,
    good: coalesce($good[p.id], 0), interests: interests, needs: needs, paid: paid
  }) AS people
}
// 2. counts over the population
CALL (people) {
  UNWIND people AS q
  RETURN count(q) AS population,
         count(CASE WHEN size(q.assets) > 0 THEN 1 END) AS reached,
         [count(CASE WHEN q.unpaid = 0 THEN 1 END), count(CASE WHEN q.unpaid = 1 THEN 1 END),
          count(CASE WHEN q.unpaid >= 2 THEN 1 END)] AS unpaid,
         [count(CASE WHEN q.good = 0 THEN 1 END), count(CASE WHEN q.good = 1 THEN 1 END),
          count(CASE WHEN q.good >= 2 THEN 1 END)] AS good,
         count(CASE WHEN q.dominated THEN 1 END) AS dominated
}
CALL (people) {
  UNWIND people AS q
  UNWIND q.assets AS a
  WITH a.id AS id, count(*) AS n, count(CASE WHEN q.dominated THEN 1 END) AS d
  RETURN collect([id, n, d]) AS reach
}
CALL (people) {
  UNWIND people AS q
  UNWIND q.interests AS ti
  WITH ti[1] AS interest, ti[0] AS t
  WITH interest, count(CASE WHEN t = 'INTERESTED_IN' THEN 1 END) AS interested,
       count(CASE WHEN t = 'WANTS_TO_LEARN' THEN 1 END) AS learn,
       count(CASE WHEN t = 'SKILLED_IN' THEN 1 END) AS skilled
  RETURN collect([interest, interested, learn, skilled]) AS interests
}
CALL (people) {
  UNWIND people AS q
  UNWIND q.needs AS tag
  WITH tag, count(*) AS n
  RETURN collect([tag, n]) AS needs
}
CALL (people) {
  UNWIND range(0, size(people) - 1) AS k
  WITH k, people[k] AS q
  UNWIND q.paid AS rh
  WITH rh[0] AS role, k, rh[1] AS hours
  WITH role, count(DISTINCT k) AS n, sum(coalesce(hours, 0.0)) AS hours,
       count(DISTINCT CASE WHEN hours IS NULL THEN k END) AS unknown
  RETURN collect([role, n, hours, unknown]) AS paid
}
CALL (people) {
  UNWIND range(0, size(people) - 1) AS k
  WITH k, people[k].direct AS direct
  WHERE $projection AND size(direct) > 0
  RETURN collect([k, direct]) AS projection
}
// 3. what the map shows about each listed space and group (never who uses it)
CALL (placed) {
  UNWIND placed AS ah
  WITH ah[0] AS a, ah[1] AS hood
  RETURN collect({
    id: a.id, label: CASE WHEN a:Space THEN 'Space' ELSE 'Group' END, hood: hood,
    kind: a.kind, name: a.name, slots: a.slots, lat: a.lat, lon: a.lon,
    about: [(a)-[ab:ABOUT]->(i:Interest) WHERE ab.valid_to IS NULL | i.id],
    links: [(a)-[mt:MEETS_AT]-(b:Entity)
            WHERE NOT coalesce(b.kind, '') IN $exclude AND mt.valid_to IS NULL | b.id],
    meeting: reduce(s = [], m IN [(a)-[m:MEETS_AT]->(:Entity) WHERE m.valid_to IS NULL |
      coalesce(m.slots, [])] | s + m)
  }) AS assets
}
RETURN [h IN hoods | h.id] AS found, population, reached, unpaid, CASE WHEN $good IS NULL THEN null ELSE good END AS good,
       CASE WHEN $dominated IS NULL THEN null ELSE dominated END AS dominated,
       reach, interests, needs, paid, assets,
       CASE WHEN $projection THEN projection ELSE null END AS projection
