map-legend-people = participants du village (taille : nombre)
map-legend-village = village sans participant
map-legend-venue = lieu
map-legend-chosen = lieu de la session
map-legend-line = trajet depuis chaque village
map-attribution = Projection équirectangulaire ; coordonnées GeoNames (CC BY 4.0)
