/// Strings of the curves page.
enum CurveStrings {
    static let english: [String: String] = [
        "nav.curves": "Curves", "family.water": "Rowing & paddling", "family.winter": "Winter sports",
        "curves.title": "Power and pace curves", "curves.kind": "Curve", "curves.kind.power": "Power by duration",
        "curves.kind.pace": "Pace by distance", "curves.period": "Period", "curves.period.42d": "Last 6 weeks",
        "curves.period.90d": "Last 90 days", "curves.period.1y": "Last 12 months", "curves.period.all": "All time",
        "curves.compare": "Compared with", "curves.compare.none": "Nothing", "curves.compare.previous": "The period before",
        "curves.compare.all": "All time", "curves.show": "Show",
        "curves.noPower": "No activity with power in this period and sport. Rides recorded with a power meter draw this curve.",
        "curves.noPace": "No activity with distance in this period and sport.",
        "curves.noModel": "The critical-power model needs at least three hard efforts between 3 and 20 minutes in the period.",
        "curves.model": "Critical power model", "curves.modelSpeed": "Critical speed model", "curves.cp": "Critical power", "curves.cs": "Critical speed",
        "curves.wPrime": "W′ (reserve above it)", "curves.dPrime": "D′ (distance above it)", "curves.fit": "Efforts fitted",
        "curves.currentFTP": "Your FTP now", "curves.currentPace": "Your threshold pace now", "curves.estimated": "estimated",
        "curves.useFTP": "Use as my FTP:", "curves.usePace": "Use as my threshold pace:",
        "curves.modelPower": "Fitted to your best efforts of 3 to 20 minutes (work = CP × time + W′). Critical power is close to the power of a one-hour all-out effort, so it serves as an estimated FTP.",
        "curves.modelPace": "Fitted to your best efforts of 3 to 20 minutes (distance = CS × time + D′). Critical speed is close to the pace you can hold for about 30 to 60 minutes.",
        "curves.table": "Each point and where it came from", "curves.duration": "Duration", "curves.distance": "Distance",
        "curves.activity": "Activity", "curves.mile": "1 mile", "curves.half": "Half marathon", "curves.marathon": "Marathon",
        "curves.adopted": "Saved in your profile from today on.",
    ]

    static let french: [String: String] = [
        "nav.curves": "Courbes", "family.water": "Aviron et pagaie", "family.winter": "Sports d’hiver",
        "curves.title": "Courbes de puissance et d’allure", "curves.kind": "Courbe", "curves.kind.power": "Puissance par durée",
        "curves.kind.pace": "Allure par distance", "curves.period": "Période", "curves.period.42d": "6 dernières semaines",
        "curves.period.90d": "90 derniers jours", "curves.period.1y": "12 derniers mois", "curves.period.all": "Depuis toujours",
        "curves.compare": "Comparée à", "curves.compare.none": "Rien", "curves.compare.previous": "La période précédente",
        "curves.compare.all": "Depuis toujours", "curves.show": "Afficher",
        "curves.noPower": "Aucune activité avec puissance sur cette période et ce sport. Les sorties enregistrées avec un capteur de puissance tracent cette courbe.",
        "curves.noPace": "Aucune activité avec distance sur cette période et ce sport.",
        "curves.noModel": "Le modèle de puissance critique demande au moins trois efforts intenses de 3 à 20 minutes sur la période.",
        "curves.model": "Modèle de puissance critique", "curves.modelSpeed": "Modèle de vitesse critique", "curves.cp": "Puissance critique", "curves.cs": "Vitesse critique",
        "curves.wPrime": "W′ (réserve au-dessus)", "curves.dPrime": "D′ (distance au-dessus)", "curves.fit": "Efforts ajustés",
        "curves.currentFTP": "Votre FTP actuelle", "curves.currentPace": "Votre allure seuil actuelle", "curves.estimated": "estimée",
        "curves.useFTP": "En faire ma FTP :", "curves.usePace": "En faire mon allure seuil :",
        "curves.modelPower": "Ajusté à vos meilleurs efforts de 3 à 20 minutes (travail = PC × temps + W′). La puissance critique est proche de la puissance d’un effort maximal d’une heure : elle sert de FTP estimée.",
        "curves.modelPace": "Ajusté à vos meilleurs efforts de 3 à 20 minutes (distance = VC × temps + D′). La vitesse critique est proche de l’allure tenue de 30 à 60 minutes environ.",
        "curves.table": "Chaque point et son origine", "curves.duration": "Durée", "curves.distance": "Distance",
        "curves.activity": "Activité", "curves.mile": "1 mile", "curves.half": "Semi-marathon", "curves.marathon": "Marathon",
        "curves.adopted": "Enregistré dans votre profil à partir d’aujourd’hui.",
    ]
}
