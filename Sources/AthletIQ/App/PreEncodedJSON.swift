import Foundation
import Vapor

/// A response whose keys are spelled in snake_case by its own coding keys, encoded without the
/// global encoder's key conversion: on large responses (a page of 200 activities, statistics
/// over hundreds of weeks) converting every key cost more than the rest of the encoding.
protocol PreEncodedJSON: Encodable {}

extension PreEncodedJSON {
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func response(_ body: Data) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }
}
