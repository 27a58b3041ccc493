import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The activity page's edit form: name, sport, description, private notes, perceived effort and
/// gear, applied by the same service as the API's PATCH.
struct ActivityEditPagesController {
    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.post("activities", ":activityID", "edit", use: save)
            .doc("Edit an activity from its page", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([
                     .init("name", .string, required: false), .init("sport", .string, required: false),
                     .init("description", .string, required: false), .init("notes", .string, required: false),
                     .init("perceived_effort", .string, required: false), .init("gear_id", .string, required: false),
                     .init("gear", .string(description: "New gear of this name (wins over gear_id)"), required: false)])),
                 responses: [.redirect("Back to the activity", status: 303)])
    }

    struct EditForm: Content {
        var name: String?, sport: String?, description: String?, notes: String?, perceivedEffort: String?, gear: String?, gearID: String?
        enum CodingKeys: String, CodingKey { case name, sport, description, notes, perceivedEffort = "perceived_effort", gear, gearID = "gear_id" }
    }

    func save(request: Request) async throws -> Response {
        let activity = try await ActivitiesController.find(request)
        let form = try request.content.decode(EditForm.self)
        // The effort's "–" choice sends an empty value: it clears the effort.
        let effort = try form.perceivedEffort.map { text -> Int in
            guard text.isEmpty || Int(text) != nil else { throw APIError.validation("The perceived effort is from 1 to 10.") }
            return Int(text) ?? 0
        }
        // A name typed for new gear wins over the choice in the list.
        let newGear = form.gear?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        // Text areas send CRLF line ends.
        func text(_ value: String?) -> String? { value?.replacingOccurrences(of: "\r\n", with: "\n") }
        try await ActivityEditing(database: request.db, userID: try request.currentUserID).apply(
            ActivityEdit(name: form.name, description: text(form.description), sport: form.sport?.nilIfEmpty, notes: text(form.notes),
                         perceivedEffort: effort, gear: newGear, gearID: newGear == nil ? form.gearID : nil), to: activity)
        return request.redirect(to: "/activities/\(try activity.requireID().uuidString)?done=saved", redirectType: .normal)
    }
}
