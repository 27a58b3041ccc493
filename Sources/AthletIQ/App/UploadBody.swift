import Foundation
import Vapor

/// The one file of an upload: a multipart `file` part, or the raw body.
enum UploadBody {
    static func singleFile(_ request: Request) throws -> Data {
        try namedFile(request).data
    }

    /// The file and its name (`X-Filename` for a raw body).
    static func namedFile(_ request: Request) throws -> (name: String, data: Data) {
        guard let body = request.body.data, body.readableBytes > 0 else {
            throw APIError.validation("The upload is empty.", code: "empty_file")
        }
        if let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"] {
            guard let file = try UploadController.fileParts(body, boundary: boundary).first else {
                throw APIError.validation("Send the file in a multipart field named file.", code: "no_file")
            }
            return file
        }
        return (request.headers.first(name: "X-Filename") ?? "upload", Data(buffer: body))
    }
}
