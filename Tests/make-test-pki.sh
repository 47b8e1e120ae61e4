#!/usr/bin/env bash
# A throwaway PKI for the signing tests, made in the folder given: a root CA; RSA and EC P-256 signers; a
# time-stamp authority; an expired signer and one not allowed to sign; an encrypted key; a PKCS#12 file;
# and an NSS database trusting the root, for pdfsig. Nothing here is secret or reused.
set -euo pipefail
cd "$1"
quiet() { "$@" > /dev/null 2>&1; }

quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout root-key.pem -out root-cert.pem -days 3650 -sha256 \
  -subj "/C=TH/O=saraban test/CN=Test Root" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" > signer.ext
printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" > nosign.ext
printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" > tsa.ext

issue() {  # name, key command, extension file, [expired | a serial number]
  local name=$1 ext=$3 serial=(-CAcreateserial)
  eval "$2"
  quiet openssl req -new -key "$name-key.pem" -out "$name.csr" -subj "/C=TH/O=saraban test/CN=Test $name"
  if [ "${4:-}" = expired ]; then  # valid until yesterday
    quiet openssl x509 -req -in "$name.csr" -CA root-cert.pem -CAkey root-key.pem -CAcreateserial -out "$name-cert.pem" \
      -sha256 -extfile "$ext" -days -1
  else
    [ -n "${4:-}" ] && serial=(-set_serial "$4")
    quiet openssl x509 -req -in "$name.csr" -CA root-cert.pem -CAkey root-key.pem "${serial[@]}" -out "$name-cert.pem" \
      -days 3650 -sha256 -extfile "$ext"
  fi
}
# The RSA signer's serial has its top bit set, as half of a CA's random serials do: in DER it needs a leading 0x00 to
# stay positive, which a signer that copies the serial's bytes loses (openssl's own random serials rarely show it).
issue rsa "quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-key.pem" signer.ext 0xC9A78881D5A120C2BC21DA1A84822EB440363B
issue ec "quiet openssl ecparam -name prime256v1 -genkey -noout -out ec-key.pem" signer.ext
issue tsa "quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out tsa-key.pem" tsa.ext
issue nosign "quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out nosign-key.pem" nosign.ext
issue expired "quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out expired-key.pem" signer.ext expired

# The same RSA key as PKCS#1 ("RSA PRIVATE KEY"), encrypted, and in a PKCS#12 file.
quiet openssl rsa -in rsa-key.pem -traditional -out rsa-key-pkcs1.pem
quiet openssl pkcs8 -topk8 -in rsa-key.pem -out rsa-key-encrypted.pem -passout pass:secret
quiet openssl pkcs12 -export -in rsa-cert.pem -inkey rsa-key.pem -out rsa.p12 -passout pass:secret

cat > tsa.cnf <<'CONF'
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = tsa-serial
crypto_device = builtin
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256
signer_digest = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CONF
echo 01 > tsa-serial

mkdir -p nssdb
quiet certutil -N -d sql:nssdb --empty-password
quiet certutil -A -d sql:nssdb -n root -t "CT,C,C" -i root-cert.pem
