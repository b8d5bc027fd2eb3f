#!/usr/bin/env python3
"""Independent client for the space protocol `orbital-node-icd/3`.

Written from docs/protocol.md (the ICD) alone, with the Python standard
library only, to show that the document is enough to build a compatible
client. Section numbers in docstrings ("ICD 7") refer to that document.
Version 3 of the ICD carries the packets in CCSDS transfer frames (ICD 16):
TC frames up, fixed-length TM frames down, and authenticates telemetry per
TM frame (an SDLS security header and a MAC trailer, ICD 16.4), so a TM
packet has neither key id nor MAC of its own (ICD 3).

Sub-commands: encode-tc, encode-tm, decode, frame-tc, frame-tm, deframe-tm,
selftest (see --help).
The encoders build what they are asked to build; the limits of ICD 7 and 9
are enforced by the decoder (the receiver's side), so the encoders can also
produce packets that a receiver must refuse.
"""
import argparse
import binascii
import hashlib
import hmac
import json
import math
import struct
import sys

PACKET_MAX = 4096          # ICD 3: largest packet, headers and trailers included
PRIMARY_LEN = 6            # ICD 4
SECONDARY_LEN = 8          # ICD 5
SECURITY_LEN = {"tm": 0, "tc": 10}               # ICD 6: none (TM); key id + sequence number (TC)
KEY_ID_AT = PRIMARY_LEN + SECONDARY_LEN          # ICD 6: TC key id at octets 14-15
TM_USER = KEY_ID_AT + SECURITY_LEN["tm"]         # ICD 3: TM user data at octet 14
TC_USER = KEY_ID_AT + SECURITY_LEN["tc"]         # ICD 3: TC user data at octet 24
MAC_LEN = 16               # ICD 8
CRC_LEN = 2                # ICD 8
TRAILER_LEN = {"tm": CRC_LEN, "tc": MAC_LEN + CRC_LEN}   # ICD 3: CRC (TM); MAC then CRC (TC)
MIN_LEN = {"tm": TM_USER + 1 + TRAILER_LEN["tm"],  # ICD 3 / ICD 9 check 5: 17 (TM) and 43 (TC),
           "tc": TC_USER + 1 + TRAILER_LEN["tc"]}  # an empty map (one octet) as user data
SPACECRAFT_ID = 0x0A5      # ICD 16: the default spacecraft id
TM_FRAME_LEN = 1115        # ICD 16.2
TC_FRAME_MAX = 1024        # ICD 16.1
FHP_NO_START, FHP_ONLY_IDLE = 0x7FF, 0x7FE   # ICD 16.2
IDLE_APID = 0x7FF          # ICD 4
INT_MAX = 2**53 - 1        # ICD 7: integer magnitude limit
DEPTH_MAX, ITEMS_MAX, TEXT_MAX = 8, 1024, 1024   # ICD 7 limits


class Rejected(Exception):
    """A packet refused by a receiver check; `reason` is the ICD 9 reason name."""

    def __init__(self, reason, detail):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


# ---------------------------------------------------------------- ICD 8: CRC
def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (ICD 8): poly 0x1021, init 0xFFFF, no reflection, no xorout."""
    crc = 0xFFFF
    for octet in data:
        crc ^= octet << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


# ---------------------------------------------------------------- ICD 8: MAC
def compute_mac(key: bytes, covered: bytes) -> bytes:
    """First 16 octets of HMAC-SHA256(key, primary header .. end of user data) (ICD 8)."""
    if len(key) != 32:
        raise ValueError("the secret must be 32 octets (ICD 8, 11)")
    return hmac.new(key, covered, hashlib.sha256).digest()[:MAC_LEN]


# ------------------------------------------------------- ICD 5: CUC mission time
def encode_cuc(seconds: float) -> bytes:
    """4 octets coarse + 2 octets fine (2^-16 s), rounded to the nearest tick (ICD 5).

    Ties round up (half a tick goes to the next tick); the ICD does not say.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError("mission time must be a finite, non-negative number of seconds")
    ticks = math.floor(seconds * 65536 + 0.5)
    coarse, fine = divmod(ticks, 65536)
    if coarse > 0xFFFFFFFF:
        raise ValueError("mission time does not fit 4 coarse octets")
    return struct.pack(">IH", coarse, fine)


def decode_cuc(octets: bytes) -> float:
    """Time = coarse + fine / 65536 (ICD 5)."""
    coarse, fine = struct.unpack(">IH", octets)
    return coarse + fine / 65536


# ---------------------------------------------------- ICD 4: primary header
def encode_primary_header(kind: str, apid: int, count: int, total_len: int) -> bytes:
    """Version 000, type (0 TM / 1 TC), sec. header flag 1, APID, flags 11, count, length (ICD 4)."""
    if not 0 <= apid < IDLE_APID:
        raise ValueError("APID must be 0..0x7FE (0x7FF is the idle APID)")
    if not 0 <= count <= 0x3FFF:
        raise ValueError("packet sequence count must be 0..16383")
    if not 0 <= total_len - 7 <= 0xFFFF:
        raise ValueError("packet length does not fit the data length field")
    word0 = (0 << 13) | ((1 if kind == "tc" else 0) << 12) | (1 << 11) | apid
    word1 = (0b11 << 14) | count
    return struct.pack(">HHH", word0, word1, total_len - 7)


def decode_primary_header(octets: bytes) -> dict:
    """Split the 6-octet primary header into its fields (ICD 4)."""
    word0, word1, length = struct.unpack(">HHH", octets[:PRIMARY_LEN])
    return {"version": word0 >> 13, "type": "tc" if word0 >> 12 & 1 else "tm",
            "secondaryHeaderFlag": word0 >> 11 & 1, "apid": word0 & 0x7FF,
            "sequenceFlags": word1 >> 14, "sequenceCount": word1 & 0x3FFF,
            "dataLength": length}


# ------------------------------------------------------------ ICD 7: CBOR encoder
def cbor_head(major: int, value: int) -> bytes:
    """Initial byte plus argument in the shortest form (RFC 8949 3, ICD 7)."""
    if value < 24:
        return bytes([major << 5 | value])
    for ai, fmt, limit in ((24, ">B", 0xFF), (25, ">H", 0xFFFF), (26, ">I", 0xFFFFFFFF),
                           (27, ">Q", 0xFFFFFFFFFFFFFFFF)):
        if value <= limit:
            return bytes([major << 5 | ai]) + struct.pack(fmt, value)
    raise ValueError(f"CBOR argument {value} does not fit 64 bits")


WIDE_INT = 2**32           # ICD 7: the reference encoder writes integers this large as doubles


def cbor_encode(value, wide_ints_as_doubles: bool = False) -> bytes:
    """Encode a JSON-like value: ints shortest form, non-integral floats as doubles,
    {"$hex": ...} as a byte string, dicts as definite maps in their given order (ICD 7).

    With `wide_ints_as_doubles`, integers of magnitude 2^32 or more are written as
    doubles (`fb`), as ICD 7 says the reference encoder does; by default they take
    the shortest integer form that ICD 7 recommends (both are accepted by receivers)."""
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, float) and value.is_integer() and abs(value) <= INT_MAX:
        value = int(value)                   # 42.0 is the JSON number 42: an integer
    if isinstance(value, int) and wide_ints_as_doubles and abs(value) >= WIDE_INT:
        value = float(value)                 # exact up to 2^53, the ICD 7 integer limit
    if isinstance(value, int):
        return cbor_head(0, value) if value >= 0 else cbor_head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, (bytes, bytearray)):
        return cbor_head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return cbor_head(4, len(value)) + b"".join(cbor_encode(v, wide_ints_as_doubles)
                                                   for v in value)
    if isinstance(value, dict):
        out = [cbor_head(5, len(value))]
        for key, item in value.items():
            out += [cbor_encode(str(key)), cbor_encode(item, wide_ints_as_doubles)]
        return b"".join(out)
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


# ------------------------------------------------------------ ICD 7: CBOR decoder
class CborDecoder:
    """Decoder for the CBOR subset of ICD 7, with its limits checked before any
    allocation: depth (too-deep), item count and text size (too-large), declared
    lengths against the octets left and every refused feature (cbor-invalid)."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.items = data, 0, 0

    def decode_user_data(self) -> dict:
        """Exactly one map filling the whole field (ICD 7)."""
        if not self.data:
            raise Rejected("cbor-invalid", "empty user data")
        if self.data[0] >> 5 != 5:
            raise Rejected("cbor-invalid", "user data is not a map")
        value = self.item(1)
        if self.pos != len(self.data):
            raise Rejected("cbor-invalid", f"{len(self.data) - self.pos} octets after the map")
        return value

    def take(self, n: int) -> bytes:
        """Read n octets, or refuse a length running past the end."""
        if n > len(self.data) - self.pos:
            raise Rejected("cbor-invalid", f"needs {n} octets at offset {self.pos}, "
                                           f"{len(self.data) - self.pos} left")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def count_items(self, n: int):
        """Every key and value counts, the top-level map included (ICD 7: too-large)."""
        self.items += n
        if self.items > ITEMS_MAX:
            raise Rejected("too-large", f"more than {ITEMS_MAX} data items")

    def check_declared(self, n: int, what: str):
        """A declared length may not exceed the octets left (ICD 7: cbor-invalid)."""
        left = len(self.data) - self.pos
        if n > left:
            raise Rejected("cbor-invalid", f"{what} declares {n}, only {left} octets left")

    def item(self, depth: int):
        """Decode one data item whose container, if it is one, sits at nesting depth
        `depth` (top-level map = 1; only arrays and maps count as levels)."""
        self.count_items(1)
        start = self.pos
        initial = self.take(1)[0]
        major, ai = initial >> 5, initial & 0x1F
        if ai == 31:
            raise Rejected("cbor-invalid", f"indefinite length or break at offset {start}")
        if 28 <= ai <= 30:
            raise Rejected("cbor-invalid", f"reserved additional information {ai} at offset {start}")
        if major == 6:
            raise Rejected("cbor-invalid", f"tag at offset {start}")
        if major == 7:
            return self.simple_or_float(ai, start)
        arg = ai if ai < 24 else int.from_bytes(self.take(1 << (ai - 24)), "big")
        if major == 0 or major == 1:
            if (arg if major == 0 else arg + 1) > INT_MAX:   # |value|, so -2^53 is refused
                raise Rejected("cbor-invalid", f"integer magnitude above 2^53-1 at offset {start}")
            return arg if major == 0 else -1 - arg
        if major == 2 or major == 3:
            self.check_declared(arg, "string")
            if major == 3 and arg > TEXT_MAX:
                raise Rejected("too-large", f"text string of {arg} octets at offset {start}")
            raw = self.take(arg)
            if major == 2:
                return bytes(raw)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise Rejected("cbor-invalid", f"invalid UTF-8 at offset {start}") from None
        self.check_declared(arg if major == 4 else 2 * arg, "array" if major == 4 else "map")   # ICD 7: n items, or 2n for n pairs
        if depth > DEPTH_MAX:
            raise Rejected("too-deep", f"array or map at offset {start} nests deeper than {DEPTH_MAX}")
        if major == 4:
            return [self.item(depth + 1) for _ in range(arg)]
        result = {}
        for _ in range(arg):
            if self.pos < len(self.data) and self.data[self.pos] >> 5 != 3:
                raise Rejected("cbor-invalid", f"map key at offset {self.pos} is not a text string")
            key_at = self.pos
            key = self.item(depth + 1)
            value = self.item(depth + 1)
            if key in result:                     # ICD 7: a map must not repeat a key
                raise Rejected("cbor-invalid", f"map key {key!r} at offset {key_at} repeats an earlier key")
            result[key] = value
        return result

    def simple_or_float(self, ai: int, start: int):
        """false, true, null and half/single/double floats; everything else refused."""
        if ai in (20, 21, 22):
            return {20: False, 21: True, 22: None}[ai]
        if ai in (25, 26, 27):
            return struct.unpack({25: ">e", 26: ">f", 27: ">d"}[ai], self.take(1 << (ai - 24)))[0]
        value = self.take(1)[0] if ai == 24 else ai
        name = "undefined" if ai == 23 else f"simple value {value}"
        raise Rejected("cbor-invalid", f"{name} at offset {start}")


# ------------------------------------------------------------- ICD 3: packets
def check_range(name: str, value: int, high: int):
    """Refuse a header field that does not fit its width (ICD 5, 6)."""
    if not 0 <= value <= high:
        raise ValueError(f"{name} must be 0..{high}")


def finish_packet(body: bytes) -> bytes:
    """Append the packet error control, CRC over every octet before it (ICD 8)."""
    return body + struct.pack(">H", crc16_ccitt_false(body))


def build_tm(apid: int, message_id: int, count: int, time_s: float,
             fields: dict, wide_ints_as_doubles: bool = False) -> bytes:
    """TM = headers, CBOR map, CRC (ICD 3, 14); its TM frame authenticates it (ICD 16.4)."""
    check_range("message id", message_id, 0xFFFF)
    user = cbor_encode(fields, wide_ints_as_doubles)
    header = encode_primary_header("tm", apid, count, TM_USER + len(user) + TRAILER_LEN["tm"])
    return finish_packet(header + encode_cuc(time_s) + struct.pack(">H", message_id) + user)


def build_tc(key: bytes, apid: int, opcode: int, key_id: int, seq: int, count: int,
             time_s: float, args: dict, wide_ints_as_doubles: bool = False) -> bytes:
    """TC = headers, security header, CBOR map, MAC, CRC (ICD 3, 6, 8, 13)."""
    check_range("opcode", opcode, 0xFFFF)
    check_range("key id", key_id, 0xFFFF)
    check_range("sequence number", seq, 2**64 - 1)    # 0 is encodable; receivers refuse it
    user = cbor_encode(args, wide_ints_as_doubles)
    header = encode_primary_header("tc", apid, count, TC_USER + len(user) + TRAILER_LEN["tc"])
    covered = (header + encode_cuc(time_s) + struct.pack(">H", opcode)
               + struct.pack(">HQ", key_id, seq) + user)
    return finish_packet(covered + compute_mac(key, covered))


def decode_packet(data: bytes, key: bytes = None, key_id: int = None) -> dict:
    """Receiver checks of ICD 9 that need no dictionary, in the order of its table,
    then the fields.

    Raised as Rejected: checks 1-5 (size, header, length); 10 (unknown-key)
    when both `key` and `key_id` are given and a TC names another key id;
    14 (CBOR rules and limits) on an intact packet. Reported, not raised, so that
    a damaged packet can still be inspected: check 6 as `crcOk`, and check 11 as
    `macOk` (None without `key`, and always None for a TM, which has no MAC: its
    frame is authenticated, ICD 16.4). The caller refuses a packet with `crcOk` or
    `macOk` false. Without a dictionary the APID, message id and schema checks
    (9, 13, 15) are not applied, nor the anti-replay window (12).

    The key is the uplink key the caller holds (ICD 8).
    """
    if len(data) > PACKET_MAX:
        raise Rejected("too-large", f"{len(data)} octets > {PACKET_MAX}")
    if len(data) < PRIMARY_LEN:
        raise Rejected("truncated", f"{len(data)} octets, no primary header")
    head = decode_primary_header(data)
    if head["version"] != 0 or head["secondaryHeaderFlag"] != 1 or head["sequenceFlags"] != 3:
        raise Rejected("bad-header", "version, secondary header flag or sequence flags")
    if len(data) != head["dataLength"] + 7:
        short = len(data) < head["dataLength"] + 7
        raise Rejected("truncated" if short else "bad-length",
                       f"{len(data)} octets, header says {head['dataLength'] + 7}")
    kind = head["type"]
    if len(data) < MIN_LEN[kind]:
        raise Rejected("bad-length", f"{len(data)} octets < {MIN_LEN[kind]} for {kind}")
    end_user = len(data) - TRAILER_LEN[kind]
    out = {"type": kind, "version": head["version"], "apid": head["apid"],
           "sequenceFlags": head["sequenceFlags"], "sequenceCount": head["sequenceCount"],
           "dataLength": head["dataLength"], "timeS": decode_cuc(data[6:12]),
           "messageId": struct.unpack(">H", data[12:14])[0],
           "crcOk": crc16_ccitt_false(data[:-CRC_LEN]) == struct.unpack(">H", data[-CRC_LEN:])[0]}
    out["macOk"] = None
    if kind == "tc":
        packet_key_id = struct.unpack(">H", data[KEY_ID_AT:KEY_ID_AT + 2])[0]
        out["keyId"] = packet_key_id
        out["seq"] = str(struct.unpack(">Q", data[KEY_ID_AT + 2:TC_USER])[0])
    # ICD 9: TC checks 10-11 follow the APID (9), which needs the dictionary; nothing
    # of the key is looked at before the CRC passed. A TM has no MAC (ICD 3).
    if kind == "tc" and key is not None and out["crcOk"]:
        if key_id is not None and packet_key_id != key_id:
            raise Rejected("unknown-key", f"key id {packet_key_id} is not the uplink key "
                                          f"{key_id} this receiver holds")
        received = data[end_user:end_user + MAC_LEN]
        out["macOk"] = hmac.compare_digest(compute_mac(key, data[:end_user]), received)
    user = data[TM_USER if kind == "tm" else TC_USER:end_user]
    try:
        out["payload"] = CborDecoder(user).decode_user_data()
    except Rejected as err:
        if out["crcOk"] and out["macOk"] is not False:
            raise                            # ICD 9 check 14 on an intact packet
        out["payload"] = None                # damaged packet: report CRC/MAC, not CBOR
        print(f"payload not decoded: {err}", file=sys.stderr)
    return out


# ------------------------------------------------------- ICD 16: transfer frames
def idle_packet(length: int) -> bytes:
    """ICD 16.3: APID 0x7FF, no secondary header, flags 11, count 0, data 0x55."""
    if length < 7:
        raise ValueError("an idle packet is at least 7 octets")
    return struct.pack(">HHH", IDLE_APID, 0xC000, length - 7) + b"\x55" * (length - 6)


def build_tc_frame(packets: list, scid: int = SPACECRAFT_ID, vcid: int = 0, nseq: int = 0) -> bytes:
    """ICD 16.1: one BD frame carrying whole packets (segment flags 11, MAP 0)."""
    check_range("spacecraft id", scid, 0x3FF)
    check_range("virtual channel", vcid, 0x3F)
    check_range("N(S)", nseq, 0xFF)
    data = b"".join(packets)
    total = 5 + 1 + len(data) + 2
    if not data or total > TC_FRAME_MAX:
        raise ValueError(f"a TC frame of {total} octets is not 9..{TC_FRAME_MAX}")
    head = struct.pack(">HHBB", (0b001 << 13) | scid, (vcid << 10) | (total - 1), nseq, 0xC0)
    return finish_packet(head + data)


def build_tm_frame(key: bytes, key_id: int, seq: int, vcid: int, mc: int, vc: int, packets: list,
                   scid: int = SPACECRAFT_ID, frame_len: int = TM_FRAME_LEN) -> bytes:
    """ICD 16.2, 16.4: whole packets from the start of the data field, the rest an idle
    packet (ICD 16.3), the MAC over octets 0 .. end of the data field, then the FECF."""
    check_range("spacecraft id", scid, 0x3FF)
    check_range("virtual channel", vcid, 7)
    field = frame_len - 6 - 10 - MAC_LEN - CRC_LEN
    data = b"".join(packets)
    room = field - len(data)
    if room != 0:
        if room < 7:
            raise ValueError("the packets leave 1..6 octets: too few for an idle packet")
        data += idle_packet(room)
    fhp = 0 if packets else FHP_ONLY_IDLE
    covered = (struct.pack(">HBBH", (scid << 4) | (vcid << 1), mc, vc, (0b11 << 11) | fhp)
               + struct.pack(">HQ", key_id, seq) + data)
    return finish_packet(covered + compute_mac(key, covered))


def packet_length_at(data: bytes, at: int):
    """The length of the packet whose header starts at `at` (ICD 4), None if the header is cut."""
    if len(data) - at < 6:
        return None
    return struct.unpack(">H", data[at + 4:at + 6])[0] + 7


def deframe_tm(frames: list, key: bytes = None, key_id: int = None, scid: int = SPACECRAFT_ID,
               frame_len: int = TM_FRAME_LEN) -> dict:
    """ICD 16.6 receiver of a sequence of TM frames: each frame checked and (with `key`)
    authenticated, replayed sequence numbers refused, frame losses counted per virtual
    channel, packets reassembled across the frames of a channel; idle packets dropped."""
    out = {"frames": [], "packets": [], "lostByVc": {}, "packetsCut": 0}
    pending, last_vc, highest = {}, {}, {}
    for raw in frames:
        entry = {"octets": len(raw)}
        out["frames"].append(entry)
        if len(raw) != frame_len:
            entry["rejected"] = "truncated" if len(raw) < frame_len else "bad-length"
            continue
        word0, mc, vc, status, spi, seq = struct.unpack(">HBBHHQ", raw[:16])
        if word0 >> 14 != 0 or word0 & 1 or status >> 11 != 0b00011:
            entry["rejected"] = "bad-header"
            continue
        if crc16_ccitt_false(raw[:-2]) != struct.unpack(">H", raw[-2:])[0]:
            entry["rejected"] = "bad-crc"
            continue
        entry.update({"spacecraftId": word0 >> 4, "vcid": (word0 >> 1) & 7, "masterCount": mc,
                      "virtualCount": vc, "firstHeaderPointer": status & 0x7FF, "keyId": spi,
                      "seq": str(seq)})
        if entry["spacecraftId"] != scid:
            entry["rejected"] = "wrong-spacecraft"
            continue
        if entry["vcid"] not in (0, 1, 2, 7):
            entry["rejected"] = "unknown-vc"
            continue
        mac_at = frame_len - CRC_LEN - MAC_LEN
        if key is not None:
            if key_id is not None and spi != key_id:
                entry["rejected"] = "unknown-key"
                continue
            entry["macOk"] = hmac.compare_digest(compute_mac(key, raw[:mac_at]), raw[mac_at:mac_at + MAC_LEN])
            if not entry["macOk"]:
                entry["rejected"] = "bad-mac"
                continue
        if seq == 0 or seq <= highest.get(spi, 0) - 64 or seq in highest.get(("seen", spi), set()):
            entry["rejected"] = "replay"
            continue
        highest[spi] = max(highest.get(spi, 0), seq)
        highest.setdefault(("seen", spi), set()).add(seq)
        data = raw[16:mac_at]
        fhp = entry["firstHeaderPointer"]
        if fhp < FHP_ONLY_IDLE and fhp >= len(data):
            entry["rejected"] = "bad-pointer"
            continue
        channel = entry["vcid"]
        gap = 0 if channel not in last_vc else (vc - last_vc[channel] - 1) % 256
        last_vc[channel] = vc
        out["lostByVc"][str(channel)] = out["lostByVc"].get(str(channel), 0) + gap
        if fhp == FHP_ONLY_IDLE:
            continue
        start = len(data) if fhp == FHP_NO_START else fhp
        head = pending.pop(channel, None)
        if gap:
            if head is not None:
                out["packetsCut"] += 1
            head = None
        if head is not None:
            joined = head + data[:start]
            length = packet_length_at(joined, 0)
            if fhp == FHP_NO_START and (length is None or length > len(joined)):
                pending[channel] = joined
            elif length == len(joined):
                out["packets"].append(joined)
            else:
                out["packetsCut"] += 1
        elif start > 0 and gap:
            out["packetsCut"] += 1
        at = start
        while at < len(data):
            length = packet_length_at(data, at)
            if length is None or at + length > len(data):
                pending[channel] = data[at:]
                break
            out["packets"].append(data[at:at + length])
            at += length
    out["packets"] = [p.hex() for p in out["packets"]
                      if struct.unpack(">H", p[:2])[0] & 0x7FF != IDLE_APID]
    return out


# --------------------------------------------------------- JSON <-> CBOR values
def from_json(value):
    """JSON arguments to encoder values: {"$hex": "..."} becomes a byte string."""
    if isinstance(value, dict):
        if set(value) == {"$hex"} and isinstance(value["$hex"], str):
            return binascii.unhexlify(value["$hex"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def to_json(value):
    """Decoded CBOR values to JSON: byte strings print as {"$hex": "..."}; NaN and
    infinities (valid CBOR floats, not valid JSON) print as "NaN", "Infinity", "-Infinity"."""
    if isinstance(value, bytes):
        return {"$hex": value.hex()}
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


# -------------------------------------------------------- ICD 13, 14: selftest
EXAMPLE_KEY = bytes(range(32))                 # ICD 13: the example uplink key
EXAMPLE_TM_KEY = bytes(range(0x20, 0x40))      # ICD 14: the example downlink key, key id 2
EXAMPLE_TC = ("1810c001002e0000000c8000010100010000000000000001a1646d6f64656453414645"
              "a93d5b7b9780d8b8087526a0134b01065e00")
EXAMPLE_TM = "0810c007001200000e1040000182a165746f6b656e182a3d11"
EXAMPLE_TC_FRAME = "20a5003c00c01810c001002e0000000c8000010100010000000000000001a1646d6f64656453414645a93d5b7b9780d8b8087526a0134b01065e00d45b"                # ICD 16.7
EXAMPLE_TM_FRAME_HEAD = "0a5221051800000200000000000001000810c007001200000e1040000182a165746f6b656e182a3d1107ffc0000419"      # ICD 16.8: octets 0-46
EXAMPLE_TM_FRAME_TAIL = "c65114d41aede20b4c7737713224b005954c"     # ICD 16.8: MAC and FECF


def selftest() -> int:
    """Rebuild and decode the worked examples of ICD 13 and 14 (each with its own
    direction's example key), check the CRC check value, that a key of one direction
    does not authenticate the other (ICD 8) and the minimum lengths (ICD 3)."""
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append(f"{what}: got {got!r}, want {want!r}")

    check("CRC check value", crc16_ccitt_false(b"123456789"), 0x29B1)
    check("CRC vs binascii", crc16_ccitt_false(b"123456789"), binascii.crc_hqx(b"123456789", 0xFFFF))
    tc = build_tc(EXAMPLE_KEY, 0x010, 0x0101, 1, 1, 1, 12.5, {"mode": "SAFE"})
    check("ICD 13 TC hex", tc.hex(), EXAMPLE_TC)
    check("ICD 13 TC length", len(tc), 53)
    tm = build_tm(0x010, 0x0182, 7, 3600.25, {"token": 42})
    check("ICD 14 TM hex", tm.hex(), EXAMPLE_TM)
    check("ICD 14 TM length", len(tm), 25)
    check("ICD 16.7 TC frame", build_tc_frame([tc]).hex(), EXAMPLE_TC_FRAME)
    frame = build_tm_frame(EXAMPLE_TM_KEY, 2, 256, 1, 0x21, 5, [tm])
    check("ICD 16.8 TM frame length", len(frame), TM_FRAME_LEN)
    check("ICD 16.8 TM frame head", frame[:47].hex(), EXAMPLE_TM_FRAME_HEAD)
    check("ICD 16.8 TM frame MAC and FECF", frame[-18:].hex(), EXAMPLE_TM_FRAME_TAIL)
    got = deframe_tm([frame], EXAMPLE_TM_KEY, 2)
    check("ICD 16.8 deframed", (got["packets"], got["frames"][0].get("macOk")), ([EXAMPLE_TM], True))
    check("ICD 16.8 with the uplink key", deframe_tm([frame], EXAMPLE_KEY)["frames"][0].get("rejected"), "bad-mac")
    d = decode_packet(bytes.fromhex(EXAMPLE_TC), EXAMPLE_KEY)
    check("ICD 13 decoded", {k: d[k] for k in ("type", "apid", "sequenceCount", "dataLength",
                                                "timeS", "messageId", "keyId", "seq", "crcOk",
                                                "macOk", "payload")},
          {"type": "tc", "apid": 16, "sequenceCount": 1, "dataLength": 46, "timeS": 12.5,
           "messageId": 0x0101, "keyId": 1, "seq": "1", "crcOk": True, "macOk": True,
           "payload": {"mode": "SAFE"}})
    d = decode_packet(bytes.fromhex(EXAMPLE_TM))
    check("ICD 14 decoded", {k: d[k] for k in ("type", "apid", "sequenceCount", "dataLength",
                                                "timeS", "messageId", "crcOk", "macOk", "payload")},
          {"type": "tm", "apid": 16, "sequenceCount": 7, "dataLength": 18, "timeS": 3600.25,
           "messageId": 0x0182, "crcOk": True, "macOk": None, "payload": {"token": 42}})
    # ICD 8: a key of one direction never authenticates the other.
    check("ICD 13 TC with the downlink key", decode_packet(bytes.fromhex(EXAMPLE_TC), EXAMPLE_TM_KEY)["macOk"], False)
    try:
        decode_packet(bytes.fromhex(EXAMPLE_TC), EXAMPLE_KEY, 2)
        check("ICD 13 TC under key id 2", "accepted", "unknown-key")
    except Rejected as err:
        check("ICD 13 TC under key id 2", err.reason, "unknown-key")
    check("smallest TM", len(build_tm(0x010, 0x0182, 0, 0, {})), MIN_LEN["tm"])
    check("smallest TC", len(build_tc(EXAMPLE_KEY, 0x010, 0x0101, 1, 1, 0, 0, {})), MIN_LEN["tc"])
    check("ICD 3 minimum lengths", MIN_LEN, {"tm": 17, "tc": 43})
    check("ICD 7 wide integer, shortest form", cbor_encode({"n": 2**32}).hex(), "a1616e1b0000000100000000")
    check("ICD 7 wide integer as a double", cbor_encode({"n": [-2**32, 2**32 - 1]}, True).hex(),
          "a1616e82fbc1f00000000000001affffffff")
    for line in failures:
        print("MISMATCH " + line)
    if failures:
        return 1
    print("selftest ok")
    return 0


# ------------------------------------------------------------------------ CLI
def parse_key(text: str) -> bytes:
    """A 32-octet secret as 64 hex digits (ICD 11 secretHex)."""
    key = bytes.fromhex(text)
    if len(key) != 32:
        raise ValueError("--key-hex must be 64 hex digits (32 octets)")
    return key


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="verb", required=True)
    tc = sub.add_parser("encode-tc", help="print a signed telecommand as hex")
    for name, kind in (("key-hex", str), ("apid", int), ("opcode", int), ("key-id", int),
                       ("seq", int), ("count", int), ("time", float), ("args-json", str)):
        tc.add_argument("--" + name, type=kind, required=True)
    tm = sub.add_parser("encode-tm", help="print a telemetry packet as hex (its frame authenticates it)")
    for name, kind in (("apid", int), ("id", int), ("count", int), ("time", float), ("data-json", str)):
        tm.add_argument("--" + name, type=kind, required=True)
    for encoder in (tc, tm):
        encoder.add_argument("--wide-ints-as-doubles", action="store_true",
                             help="write integers of magnitude 2^32 or more as doubles, as ICD 7 "
                                  "says the reference encoder does (default: shortest integer)")
    dec = sub.add_parser("decode", help="decode one packet given as hex, print JSON")
    dec.add_argument("--key-hex", help="the uplink secret to check a TC's MAC with "
                                       "(a TM has no MAC: ICD 3)")
    dec.add_argument("--key-id", type=int, help="with --key-hex: the key id of that secret; "
                                                "a packet naming another is unknown-key")
    dec.add_argument("hex")
    ftc = sub.add_parser("frame-tc", help="print one TC frame carrying the packets (hex) as hex")
    ftc.add_argument("--scid", type=int, default=SPACECRAFT_ID)
    ftc.add_argument("--nseq", type=int, default=0)
    ftc.add_argument("packets", nargs="+")
    ftm = sub.add_parser("frame-tm", help="print one signed TM frame carrying the packets (hex) as hex")
    for name in ("key-hex", "key-id", "seq", "vcid", "mc", "vc"):
        ftm.add_argument("--" + name, type=str if name == "key-hex" else int, required=True)
    ftm.add_argument("--scid", type=int, default=SPACECRAFT_ID)
    ftm.add_argument("packets", nargs="*")
    dfm = sub.add_parser("deframe-tm", help="check TM frames (hex), print frames, packets and losses as JSON")
    dfm.add_argument("--key-hex", help="the downlink secret to check the frame MACs with")
    dfm.add_argument("--key-id", type=int, help="with --key-hex: its key id")
    dfm.add_argument("--scid", type=int, default=SPACECRAFT_ID)
    dfm.add_argument("frames", nargs="+")
    sub.add_parser("selftest", help="check the worked examples of ICD 13, 14, 16.7 and 16.8")
    args = parser.parse_args(argv)
    try:
        if args.verb == "selftest":
            return selftest()
        if args.verb == "frame-tc":
            print(build_tc_frame([bytes.fromhex(p) for p in args.packets], args.scid, 0, args.nseq).hex())
            return 0
        if args.verb == "frame-tm":
            print(build_tm_frame(parse_key(args.key_hex), args.key_id, args.seq, args.vcid, args.mc,
                                 args.vc, [bytes.fromhex(p) for p in args.packets], args.scid).hex())
            return 0
        if args.verb == "deframe-tm":
            key = parse_key(args.key_hex) if args.key_hex else None
            out = deframe_tm([bytes.fromhex(f) for f in args.frames], key, args.key_id, args.scid)
            print(json.dumps(out))
            return 1 if any("rejected" in f for f in out["frames"]) else 0
        if args.verb in ("encode-tc", "encode-tm"):
            payload = from_json(json.loads(args.args_json if args.verb == "encode-tc"
                                           else args.data_json))
            if not isinstance(payload, dict):
                raise ValueError("the user data must be a JSON object (ICD 7: a map)")
            if args.verb == "encode-tc":
                packet = build_tc(parse_key(args.key_hex), args.apid, args.opcode, args.key_id,
                                  args.seq, args.count, args.time, payload,
                                  args.wide_ints_as_doubles)
            else:
                packet = build_tm(args.apid, args.id, args.count, args.time, payload,
                                  args.wide_ints_as_doubles)
            print(packet.hex())
            return 0
        key = parse_key(args.key_hex) if args.key_hex else None
        if args.key_id is not None and key is None:
            raise ValueError("--key-id needs --key-hex")
        out = decode_packet(bytes.fromhex(args.hex.strip()), key, args.key_id)
        out["payload"] = to_json(out["payload"])
        print(json.dumps(out, allow_nan=False))
        if not out["crcOk"]:
            print("rejected: bad-crc: the CRC does not match the packet", file=sys.stderr)
            return 1
        if out["macOk"] is False:
            print(f"rejected: bad-mac: the MAC does not match key id {out.get('keyId')} "
                  "with the given secret", file=sys.stderr)
            return 1
        return 0
    except Rejected as err:
        print(f"rejected: {err}", file=sys.stderr)
        return 1
    except (ValueError, TypeError, binascii.Error) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
