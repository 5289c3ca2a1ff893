"""Home Assistant's DNS-SD library (python3-zeroconf) as a client: browse one service type and print each
service that appears (resolved: addresses, port, host, TXT) or goes, one JSON object per line.

usage: zeroconf_browse.py TYPE [--register NAME PORT ADDRESS | --packets]
  TYPE      e.g. _zigbee-coordinator._tcp.local.
  --register first announce a service of this type itself (to see how the other side handles the name conflict)
  --packets  do not browse: print each mDNS response on the link that carries a live SRV record, with the address
             records in the same packet (parsed by zeroconf's own DNSIncoming)
Runs until stdin is closed.
"""
import json
import socket
import struct
import sys
import threading

from zeroconf import DNSIncoming, IPVersion, ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf

_TYPE_A = 1
_TYPE_SRV = 33


def packets():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("", 5353))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                    struct.pack("4s4s", socket.inet_aton("224.0.0.251"), socket.inet_aton("0.0.0.0")))
    print(json.dumps({"event": "Listening"}), flush=True)
    while True:
        data, _ = sock.recvfrom(9000)
        msg = DNSIncoming(data)
        if not msg.is_response():
            continue
        records = msg.answers() if callable(msg.answers) else msg.answers
        srv = [r.name for r in records if r.type == _TYPE_SRV and r.ttl > 0]
        if srv:
            a = [r.name + " " + socket.inet_ntoa(r.address) for r in records if r.type == _TYPE_A and r.ttl > 0]
            print(json.dumps({"event": "Packet", "srv": srv, "a": a}), flush=True)


def main():
    service_type = sys.argv[1]
    if "--packets" in sys.argv:
        threading.Thread(target=packets, daemon=True).start()
        sys.stdin.read()
        return
    zc = Zeroconf(ip_version=IPVersion.V4Only)
    lock = threading.Lock()

    def emit(obj):
        with lock:
            print(json.dumps(obj), flush=True)

    if len(sys.argv) >= 6 and sys.argv[2] == "--register":
        name, port, address = sys.argv[3], int(sys.argv[4]), sys.argv[5]
        info = ServiceInfo(service_type, name + "." + service_type, port=port,
                           addresses=[socket.inet_aton(address)], server="client.local.",
                           properties={"provider": "test"})
        zc.register_service(info)
        emit({"event": "Registered", "name": info.name})

    def on_change(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Removed:
            emit({"event": "Removed", "name": name})
            return
        info = zeroconf.get_service_info(service_type, name, 3000)
        if info is None:
            emit({"event": state_change.name, "name": name, "resolved": False})
            return
        txt = {k.decode(): (None if v is None else v.decode()) for k, v in info.properties.items()}
        emit({"event": state_change.name, "name": name, "resolved": True, "addresses": info.parsed_addresses(),
              "port": info.port, "server": info.server, "txt": txt})

    ServiceBrowser(zc, service_type, handlers=[on_change])
    emit({"event": "Browsing", "type": service_type})
    sys.stdin.read()
    zc.close()


if __name__ == "__main__":
    main()
