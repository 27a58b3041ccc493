import Foundation
import Vapor

/// The languages of the pages, and every user-visible string in each.
enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// This browser's choice (`?lang=`), else the account's setting, else the browser's
    /// `Accept-Language`, else English.
    static func of(_ request: Request) -> Language {
        if let cookie = request.cookies["athletiq_lang"]?.string, let language = Language(rawValue: cookie) { return language }
        if let locale = request.authContext?.user.locale, let language = Language(rawValue: locale) { return language }
        let header = request.headers.first(name: .acceptLanguage) ?? ""
        let preferred = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased().prefix(2) else { return nil }
            let quality = pieces.dropFirst().first { $0.contains("q=") }.flatMap { Double($0.split(separator: "=").last ?? "") } ?? 1
            return (String(tag), quality)
        }.sorted { $0.1 > $1.1 }
        for (tag, _) in preferred { if let language = Language(rawValue: tag) { return language } }
        return .en
    }
}

/// Translations, keyed by English text's identifier. A missing French entry falls back to English.
struct Strings: Sendable {
    let language: Language

    subscript(_ key: String) -> String {
        (language == .fr ? Self.french[key] : nil) ?? Self.english[key] ?? key
    }

    /// Every table of a language merged; each capability keeps its strings in its own file.
    static let english = [coreEnglish, SportStrings.english, StravaStrings.english, PlanStrings.english, InsightStrings.english, CurveStrings.english, GearStrings.english].reduce(into: [String: String]()) { $0.merge($1) { a, _ in a } }
    static let french = [coreFrench, SportStrings.french, StravaStrings.french, PlanStrings.french, InsightStrings.french, CurveStrings.french, GearStrings.french].reduce(into: [String: String]()) { $0.merge($1) { a, _ in a } }

    static let coreEnglish: [String: String] = [
        "app.tagline": "Training analytics for endurance athletes",
        "nav.dashboard": "Dashboard", "nav.activities": "Activities", "nav.import": "Import", "nav.records": "Records",
        "nav.settings": "Settings", "nav.logout": "Log out", "nav.login": "Log in", "nav.signup": "Sign up",
        "login.title": "Log in", "login.email": "Email", "login.password": "Password", "login.submit": "Log in",
        "login.noAccount": "No account yet?", "login.failed": "The email or password is wrong.",
        "login.google": "Continue with Google", "login.tooMany": "Too many attempts: wait a minute and try again.",
        "signup.title": "Create your account", "signup.name": "Full name", "signup.submit": "Sign up",
        "signup.haveAccount": "Already have an account?", "signup.passwordHint": "At least 8 characters.",
        "dashboard.title": "Dashboard", "dashboard.activities": "Activities", "dashboard.distance": "Distance",
        "dashboard.time": "Moving time", "dashboard.elevation": "Elevation", "dashboard.volume": "Weekly distance",
        "dashboard.fitness": "Fitness, fatigue and form", "dashboard.recent": "Recent activities",
        "dashboard.empty": "No activities yet. Import your files or a Strava export to begin.",
        "dashboard.welcome": "Welcome to athletIQ",
        "dashboard.welcomeText": "Bring in your training: FIT, GPX or TCX files, your whole Strava export, or your Strava account. Fitness, records and race predictions appear as soon as the first activities arrive.",
        "dashboard.importFiles": "Import files", "dashboard.connectStrava": "Connect Strava",
        "dashboard.status": "Today", "period.7": "7 days", "period.30": "30 days", "period.90": "90 days",
        "period.365": "365 days", "period.all": "All",
        "status.fresh": "Fresh", "status.neutral": "Neutral", "status.productive": "Productive", "status.overreaching": "Overreaching",
        "chart.fitness": "Fitness", "chart.fatigue": "Fatigue", "chart.form": "Form",
        "activities.title": "Activities", "activities.empty": "No activity matches.", "activities.search": "Search",
        "activities.all": "All sports", "activities.filter": "Filter", "activities.previous": "Previous", "activities.next": "Next",
        "notfound.title": "Page not found", "notfound.text": "This page does not exist.", "notfound.back": "Back to the dashboard",
        "error.title": "Something went wrong", "error.text": "An unexpected error occurred.",
        "activity.pace": "Pace", "activity.gap": "Grade-adjusted pace", "activity.heartRate": "Heart rate", "activity.load": "Load",
        "activity.route": "Route", "activity.speed": "Speed", "activity.cadence": "Cadence", "activity.power": "Power",
        "activity.splits": "Splits", "activity.bestEfforts": "Best efforts", "activity.zones": "Heart-rate zones",
        "activity.averagePower": "Average power", "activity.normalizedPower": "Normalized power", "activity.intensity": "Intensity",
        "activity.stress": "Training stress", "activity.variability": "Variability", "activity.powerZones": "Power zones",
        "activity.delete": "Delete this activity", "activity.confirmDelete": "Delete this activity for good?",
        "activity.mapAttribution": "© OpenStreetMap contributors", "activity.zoomIn": "Zoom in", "activity.zoomOut": "Zoom out",
        "activity.laps": "Laps", "activity.lap": "Lap", "activity.distance": "Distance", "activity.time": "Time",
        "activity.climb": "D+", "activity.calories": "Calories", "activity.device": "Recorded with",
        "activity.race": "Race result", "activity.isRace": "This was a race",
        "activity.raceHint": "The official distance and time win over the recording for records and predictions.",
        "activity.raceDistance": "Official distance (km)", "activity.raceTime": "Official time (h:mm:ss)", "activity.saveRace": "Save",
        "activity.deleted": "The activity was deleted.",
        "activity.edit": "Edit this activity", "activity.gear": "Gear", "activity.effort": "Perceived effort",
        "activity.description": "Description", "activity.notes": "Private notes", "activity.notesHint": "(only you see them)",
        "activity.saveEdit": "Save", "activity.saved": "Saved.", "activity.download": "Download the original file",
        "effort.1": "1 · very easy", "effort.2": "2 · easy", "effort.3": "3 · moderate", "effort.4": "4 · somewhat hard", "effort.5": "5 · hard",
        "effort.6": "6 · hard", "effort.7": "7 · very hard", "effort.8": "8 · very hard", "effort.9": "9 · extremely hard", "effort.10": "10 · maximal",
        "activity.colourBy": "Colour the route by", "activity.gradient": "Gradient",
        "activity.intervals": "Intervals", "interval.work": "Work", "interval.recovery": "Recovery",
        "activity.axis": "Charts along", "activity.selection": "Selected stretch", "activity.clearSelection": "Clear the selection",
        "import.title": "Import activities", "import.hint": "Drop FIT, GPX or TCX files here, .gz or .zip archives, or your whole Strava export.",
        "import.started": "The upload is large: it is being imported in the background. Your activities appear in the list as they are read.",
        "import.choose": "Choose files", "import.submit": "Import", "import.report": "Result", "import.imported": "imported",
        "import.duplicates": "already there", "import.failed": "failed", "import.status.imported": "Imported",
        "import.status.duplicate": "Already imported", "import.status.failed": "Failed", "import.status.skipped": "Skipped",
    ]

    static let coreFrench: [String: String] = [
        "app.tagline": "L'analyse d'entraînement pour les sports d'endurance",
        "nav.dashboard": "Tableau de bord", "nav.activities": "Activités", "nav.import": "Importer", "nav.records": "Records",
        "nav.settings": "Réglages", "nav.logout": "Se déconnecter", "nav.login": "Se connecter", "nav.signup": "Créer un compte",
        "login.title": "Connexion", "login.email": "E-mail", "login.password": "Mot de passe", "login.submit": "Se connecter",
        "login.noAccount": "Pas encore de compte ?", "login.failed": "L'e-mail ou le mot de passe est incorrect.",
        "login.google": "Continuer avec Google", "login.tooMany": "Trop de tentatives : patientez une minute.",
        "signup.title": "Créer votre compte", "signup.name": "Nom complet", "signup.submit": "Créer le compte",
        "signup.haveAccount": "Déjà un compte ?", "signup.passwordHint": "Au moins 8 caractères.",
        "dashboard.title": "Tableau de bord", "dashboard.activities": "Activités", "dashboard.distance": "Distance",
        "dashboard.time": "Temps en mouvement", "dashboard.elevation": "Dénivelé", "dashboard.volume": "Distance par semaine",
        "dashboard.fitness": "Forme, fatigue et fraîcheur", "dashboard.recent": "Activités récentes",
        "dashboard.empty": "Aucune activité. Importez vos fichiers ou un export Strava pour commencer.",
        "dashboard.welcome": "Bienvenue dans athletIQ",
        "dashboard.welcomeText": "Apportez votre entraînement : des fichiers FIT, GPX ou TCX, votre export Strava complet, ou votre compte Strava. La forme, les records et les prédictions de course apparaissent dès les premières activités.",
        "dashboard.importFiles": "Importer des fichiers", "dashboard.connectStrava": "Connecter Strava",
        "dashboard.status": "Aujourd'hui", "period.7": "7 jours", "period.30": "30 jours", "period.90": "90 jours",
        "period.365": "365 jours", "period.all": "Tout",
        "status.fresh": "Frais", "status.neutral": "Neutre", "status.productive": "Productif", "status.overreaching": "Surcharge",
        "chart.fitness": "Forme", "chart.fatigue": "Fatigue", "chart.form": "Fraîcheur",
        "activities.title": "Activités", "activities.empty": "Aucune activité ne correspond.", "activities.search": "Rechercher",
        "activities.all": "Tous les sports", "activities.filter": "Filtrer", "activities.previous": "Précédent", "activities.next": "Suivant",
        "notfound.title": "Page introuvable", "notfound.text": "Cette page n'existe pas.", "notfound.back": "Retour au tableau de bord",
        "error.title": "Une erreur est survenue", "error.text": "Une erreur inattendue s'est produite.",
        "activity.pace": "Allure", "activity.gap": "Allure ajustée à la pente", "activity.heartRate": "Fréquence cardiaque",
        "activity.load": "Charge", "activity.route": "Parcours", "activity.speed": "Vitesse", "activity.cadence": "Cadence",
        "activity.power": "Puissance", "activity.splits": "Temps intermédiaires", "activity.bestEfforts": "Meilleurs efforts",
        "activity.zones": "Zones cardiaques", "activity.delete": "Supprimer cette activité",
        "activity.mapAttribution": "© les contributeurs d'OpenStreetMap", "activity.zoomIn": "Zoomer", "activity.zoomOut": "Dézoomer",
        "activity.laps": "Tours", "activity.lap": "Tour", "activity.distance": "Distance", "activity.time": "Temps",
        "activity.climb": "D+", "activity.calories": "Calories", "activity.device": "Enregistré avec",
        "activity.race": "Résultat de course", "activity.isRace": "C'était une course",
        "activity.raceHint": "La distance et le temps officiels l'emportent sur l'enregistrement pour les records et les prédictions.",
        "activity.raceDistance": "Distance officielle (km)", "activity.raceTime": "Temps officiel (h:mm:ss)", "activity.saveRace": "Enregistrer",
        "activity.averagePower": "Puissance moyenne", "activity.normalizedPower": "Puissance normalisée", "activity.intensity": "Intensité",
        "activity.stress": "Stress d'entraînement", "activity.variability": "Variabilité", "activity.powerZones": "Zones de puissance",
        "activity.confirmDelete": "Supprimer définitivement cette activité ?", "activity.deleted": "L'activité a été supprimée.",
        "activity.edit": "Modifier cette activité", "activity.gear": "Équipement", "activity.effort": "Effort perçu",
        "activity.description": "Description", "activity.notes": "Notes privées", "activity.notesHint": "(vous seul les voyez)",
        "activity.saveEdit": "Enregistrer", "activity.saved": "Enregistré.", "activity.download": "Télécharger le fichier d'origine",
        "effort.1": "1 · très facile", "effort.2": "2 · facile", "effort.3": "3 · modéré", "effort.4": "4 · un peu difficile", "effort.5": "5 · difficile",
        "effort.6": "6 · difficile", "effort.7": "7 · très difficile", "effort.8": "8 · très difficile", "effort.9": "9 · extrêmement difficile", "effort.10": "10 · maximal",
        "activity.colourBy": "Colorer le parcours selon", "activity.gradient": "Pente",
        "activity.intervals": "Fractionné", "interval.work": "Effort", "interval.recovery": "Récupération",
        "activity.axis": "Graphiques selon", "activity.selection": "Portion choisie", "activity.clearSelection": "Effacer la sélection",
        "import.title": "Importer des activités", "import.hint": "Déposez ici des fichiers FIT, GPX ou TCX, des archives .gz ou .zip, ou votre export Strava complet.",
        "import.started": "L'envoi est volumineux : il est importé en arrière-plan. Vos activités apparaissent dans la liste au fil de la lecture.",
        "import.choose": "Choisir des fichiers", "import.submit": "Importer", "import.report": "Résultat", "import.imported": "importées",
        "import.duplicates": "déjà présentes", "import.failed": "en échec", "import.status.imported": "Importée",
        "import.status.duplicate": "Déjà importée", "import.status.failed": "Échec", "import.status.skipped": "Ignorée",
    ]
}

/// Numbers, distances, durations and dates as people read them, in their language.
struct Formats: Sendable {
    let language: Language
    /// Dates and times are shown on the athlete's clock.
    var zone: TimeZone = .gmt

    func kilometres(_ metres: Double?) -> String {
        guard let metres else { return "–" }
        return number(metres / 1000, digits: metres < 100_000 ? 1 : 0) + " km"
    }

    func number(_ value: Double, digits: Int = 0) -> String {
        let text = String(format: "%.\(digits)f", value)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "–" }
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) : String(format: "%d:%02d", total / 60, total % 60)
    }

    /// Minutes per kilometre from metres per second.
    func pace(_ speed: Double?) -> String {
        guard let speed, speed > 0.2 else { return "–" }
        let seconds = Int((1000 / speed).rounded())
        return String(format: "%d:%02d /km", seconds / 60, seconds % 60)
    }

    /// Minutes per 100 metres from metres per second (swimming).
    func pacePer100Metres(_ speed: Double?) -> String {
        guard let speed, speed > 0.05 else { return "–" }
        let seconds = Int((100 / speed).rounded())
        return String(format: "%d:%02d /100 m", seconds / 60, seconds % 60)
    }

    /// Kilometres per hour from metres per second.
    func speed(_ speed: Double?) -> String {
        guard let speed, speed > 0 else { return "–" }
        return number(speed * 3.6, digits: 1) + " km/h"
    }

    /// A week as people say it, from its Monday (`YYYY-MM-DD`): "30 Nov – 6 Dec", "7–13 Dec".
    func week(from monday: String) -> String {
        guard let start = PlanDates.date(monday) else { return monday }
        let end = start.addingTimeInterval(6 * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.setLocalizedDateFormatFromTemplate("dMMM")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = formatter.timeZone
        guard calendar.component(.month, from: start) == calendar.component(.month, from: end) else {
            return formatter.string(from: start) + " – " + formatter.string(from: end)
        }
        return "\(calendar.component(.day, from: start))–" + formatter.string(from: end)
    }

    /// The athlete's day of an instant, without the time: "12 Mar 2026".
    func day(_ date: Date) -> String { styled(date, time: .none) }

    func date(_ date: Date) -> String { styled(date, time: .short) }

    private func styled(_ date: Date, time: DateFormatter.Style) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = zone
        formatter.dateStyle = .medium
        formatter.timeStyle = time
        return formatter.string(from: date)
    }

    /// A calendar day (UTC midnight, as plans and statistics label days) in the athlete's
    /// language, with the fields of `template`: "dMMM" gives "12 Mar", "MMMMyyyy" "March 2026".
    func calendarDay(_ date: Date, template: String) -> String {
        calendarDays([date], template: template).first ?? ""
    }

    /// Many days with one formatter (making one costs more than formatting hundreds of dates).
    func calendarDays(_ dates: [Date], template: String) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.setLocalizedDateFormatFromTemplate(template)
        return dates.map { formatter.string(from: $0) }
    }

    private var locale: Locale { Locale(identifier: language == .fr ? "fr_FR" : "en_GB") }
}
