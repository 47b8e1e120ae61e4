@_exported import SarabanData
