// zigbee2mqtt's own way to find a coordinator: zigbee-herdsman's adapter discovery, given serial.port
// mdns://<type>. Prints "RESULT {adapter, path}" (or "ERROR message") on the last line.
// usage: node resolve-mdns.js zigbee-coordinator
const { discoverAdapter } = require("zigbee-herdsman/dist/adapter/adapterDiscovery");

discoverAdapter(undefined, `mdns://${process.argv[2]}`)
    .then((found) => {
        console.log(`RESULT ${JSON.stringify(found)}`);
        process.exit(0);
    })
    .catch((error) => {
        console.log(`ERROR ${error.message}`);
        process.exit(1);
    });
