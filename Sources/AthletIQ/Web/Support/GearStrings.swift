/// Strings of the gear and heatmap pages.
enum GearStrings {
    static let english: [String: String] = [
        "gear.title": "Gear", "gear.none": "No gear yet: add your shoes and bikes, or import them with a Strava export or your Strava connection.",
        "gear.add": "Add gear", "gear.retired": "Retired", "gear.activities": "%d activities", "gear.lastUsed": "last used %@",
        "gear.defaultFor": "Default for", "gear.ofLimit": "of %@ before replacing", "gear.retire": "Retire", "gear.unretire": "Back in use",
        "gear.delete": "Remove", "gear.edit": "Change", "gear.name": "Name", "gear.kind": "Kind", "gear.brand": "Brand", "gear.model": "Model",
        "gear.kind.shoes": "Shoes", "gear.kind.bike": "Bike", "gear.kind.other": "Other",
        "gear.initialKm": "Distance before (km)", "gear.retireKm": "Replace after (km)", "gear.defaults": "Used by default for",
        "gear.create": "Add", "gear.save": "Save", "gear.due": "%@ has done %@ of the %@ you set: time to replace it?",
        "gear.newName": "Or new gear", "gear.newHint": "Name of new gear", "gear.manage": "Your gear",
    ]

    static let french: [String: String] = [
        "gear.title": "Équipement", "gear.none": "Aucun équipement : ajoutez vos chaussures et vélos, ou importez-les avec un export Strava ou votre connexion Strava.",
        "gear.add": "Ajouter un équipement", "gear.retired": "Retirés", "gear.activities": "%d activités", "gear.lastUsed": "utilisé le %@",
        "gear.defaultFor": "Par défaut pour", "gear.ofLimit": "sur %@ avant remplacement", "gear.retire": "Retirer", "gear.unretire": "Remettre en service",
        "gear.delete": "Supprimer", "gear.edit": "Modifier", "gear.name": "Nom", "gear.kind": "Type", "gear.brand": "Marque", "gear.model": "Modèle",
        "gear.kind.shoes": "Chaussures", "gear.kind.bike": "Vélo", "gear.kind.other": "Autre",
        "gear.initialKm": "Distance avant (km)", "gear.retireKm": "Remplacer après (km)", "gear.defaults": "Utilisé par défaut pour",
        "gear.create": "Ajouter", "gear.save": "Enregistrer", "gear.due": "%@ a parcouru %@ sur les %@ prévus : temps de le remplacer ?",
        "gear.newName": "Ou un nouvel équipement", "gear.newHint": "Nom du nouvel équipement", "gear.manage": "Votre équipement",
    ]
}
