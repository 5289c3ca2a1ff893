"""Home Assistant's DNS-SD library (python3-zeroconf) as a client: browse one service type and print each
service that appears (resolved: addresses, port, host, TXT) or goes, one JSON object per line.

usage: zeroconf_browse.py TYPE [--register NAME PORT ADDRESS]
  TYPE      e.g. _zigbee-coordinator._tcp.local.
  --register first announce a service of this type itself (to see how the other side handles the name conflict)
Runs until stdin is closed.
"""
import json
import socket
import sys
import threading

from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf


def main():
    service_type = sys.argv[1]
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
