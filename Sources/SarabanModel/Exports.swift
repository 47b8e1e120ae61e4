@_exported import SarabanFiles
