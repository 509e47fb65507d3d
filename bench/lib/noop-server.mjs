// The floor of any http design: a Node server that reads each request and answers an empty 200,
// storing nothing. Prints its port once it listens.
import {createServer} from 'node:http';

const server = createServer({keepAliveTimeout: 65_000}, (req, res) => {
	req.resume();
	req.on('end', () => {
		res.writeHead(200, {'content-length': 0});
		res.end();
	});
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(server.address().port));
