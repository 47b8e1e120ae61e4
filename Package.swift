// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "saraban",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "saraban", targets: ["saraban"]),
        .executable(name: "saraban-serve", targets: ["saraban-serve"]),
        .executable(name: "saraban-fuzz", targets: ["saraban-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.5.0"),
    ],
    targets: [
        // Pango, Cairo and fontconfig, found by pkg-config (Debian: libpango1.0-dev libcairo2-dev).
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        // Files in and out, for every stage: inputs read only when regular and bounded, outputs written whole and
        // never over a folder, an input or a file saraban did not write.
        .target(name: "SarabanFiles"),
        // The plumbing of data files, for every kind: YAML read with located errors and bounded aliases, the data's
        // locations and error type, saraban's resource folders, a file's kind, the parts every kind shares.
        .target(name: "SarabanData", dependencies: ["Yams", "SarabanFiles"]),
        // Stage 1, the measures report: its data model, the ITA frameworks by year and the scoring they imply.
        .target(name: "SarabanITA", dependencies: ["Yams", "SarabanData"]),
        // Stage 1, the other kinds: memo, external letter, order, announcement.
        .target(name: "SarabanKinds", dependencies: ["Yams", "SarabanData"]),
        // The checks every render runs first (and `saraban check`): numbers, names, wording.
        .target(name: "SarabanCheck", dependencies: ["SarabanITA", "SarabanKinds", "SarabanBlocks", "SarabanThai"]),
        // Thai words by Pango's dictionary, shared by the checks and the layout.
        .target(name: "SarabanThai", dependencies: ["CPangoCairo"]),
        // Stage 2: document model → document blocks (headings, paragraphs, lists, tables, signatures).
        .target(name: "SarabanBlocks", dependencies: ["SarabanITA", "SarabanKinds"]),
        // Stage 3: blocks → laid-out pages of positioned glyph runs and boxes (Pango).
        .target(name: "SarabanLayout", dependencies: ["SarabanBlocks", "SarabanITA", "SarabanThai", "SarabanFiles", "CPangoCairo", "Yams"]),
        // Stage 4: laid-out pages → PDF (written by saraban, fonts subset by HarfBuzz; Cairo draws the PNG previews).
        .target(name: "SarabanPDF", dependencies: ["SarabanLayout", "SarabanITA", "PDFSyntax", "CPangoCairo",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        // Reading PDF files and their objects: what is to be signed, verified, checked or made PDF/A.
        .target(name: "PDFSyntax", dependencies: ["CSystemZlib"]),
        // zlib, for the compressed cross-reference and object streams other tools write (Debian: zlib1g-dev).
        .systemLibrary(name: "CSystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's <malloc.h>, for malloc_trim after a batch has read its table.
        .systemLibrary(name: "CMalloc"),
        // HTTP POST through libcurl, loaded only when a time-stamp server is asked (Debian: libcurl4-openssl-dev
        // for the header at build time, libcurl4 at run time).
        .target(name: "CHTTPPost", linkerSettings: [.linkedLibrary("dl")]),
        // Stage 5: PDF → signed PDF (PAdES, incremental update), and verification.
        .target(name: "SarabanSign", dependencies: [
            "PDFSyntax", "CHTTPPost", "SarabanFiles",
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // The commands, as a library so tests can drive them.
        .target(name: "SarabanCLI", dependencies: [
            "SarabanITA", "SarabanKinds", "SarabanCheck", "SarabanBlocks", "SarabanLayout", "SarabanPDF", "SarabanSign", "SarabanThai", "PDFSyntax", "CMalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The web page and its HTTP API (`saraban serve`): each request's work done by a saraban process of its own.
        .target(name: "SarabanWeb", dependencies: [
            "SarabanCLI", "SarabanITA", "SarabanKinds", "SarabanData", "SarabanCheck",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
        ], exclude: ["Page"]),
        .executableTarget(name: "saraban", dependencies: ["SarabanCLI"]),
        // `saraban serve`, an executable of its own so that the web server's code (SwiftNIO, 50 MB) is not loaded by
        // every command: `saraban serve` runs it, and it runs `saraban` for each request's work.
        .executableTarget(name: "saraban-serve", dependencies: ["SarabanWeb"]),
        // The seeded mutation fuzzer behind `make fuzz`.
        .executableTarget(name: "saraban-fuzz", dependencies: ["SarabanCLI"]),
        .testTarget(name: "SarabanTests", dependencies: [
            "SarabanITA", "SarabanKinds", "SarabanData", "SarabanCheck", "SarabanBlocks", "SarabanLayout", "SarabanPDF", "SarabanCLI",
            "SarabanThai", "SarabanSign", "PDFSyntax", "SarabanFiles",
        ]),
    ]
)
