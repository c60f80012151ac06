map-legend-people = participants of the village (size: number)
map-legend-village = village without participants
map-legend-venue = venue
map-legend-chosen = venue of the session
map-legend-line = trip from each village
map-attribution = Equirectangular projection; coordinates GeoNames (CC BY 4.0)
