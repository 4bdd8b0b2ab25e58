import CRdKafka
import Foundation

// librdkafka's mock cluster in its own process, for tests on 127.0.0.1.
//
// Prints `bootstrap HOST:PORT,...` once listening, then reads commands, one per line, answering `ok` or
// `error REASON`:
//   topic NAME PARTITIONS      create a topic (the mock has no CreateTopics)
//   down BROKER_ID | up BROKER_ID
//   errors API_KEY ERROR_CODE COUNT   the next COUNT requests of that API fail with that error
//   quit                       (or end of input) stops the cluster

var brokerCount: Int32 = 3
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--brokers":
        guard let value = arguments.popFirst().flatMap(Int32.init), (1...9).contains(value) else {
            FileHandle.standardError.write(Data("--brokers takes 1...9\n".utf8))
            exit(2)
        }
        brokerCount = value
    default:
        FileHandle.standardError.write(Data("usage: ghstats-kafka-mock [--brokers N]\n".utf8))
        exit(2)
    }
}

let conf = rd_kafka_conf_new()
var errorText = [CChar](repeating: 0, count: 512)
_ = rd_kafka_conf_set(conf, "log_level", "3", &errorText, errorText.count)
guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
    FileHandle.standardError.write(Data("cannot create a client: \(String(cString: errorText))\n".utf8))
    exit(1)
}
guard let cluster = rd_kafka_mock_cluster_new(handle, brokerCount) else {
    FileHandle.standardError.write(Data("cannot start the mock cluster\n".utf8))
    exit(1)
}
say("bootstrap \(String(cString: rd_kafka_mock_cluster_bootstraps(cluster)))")

/// One line to the controlling process, flushed at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func answer(_ error: rd_kafka_resp_err_t) {
    say(error == RD_KAFKA_RESP_ERR_NO_ERROR ? "ok" : "error \(String(cString: rd_kafka_err2str(error)))")
}

while let line = readLine() {
    let words = line.split(separator: " ").map(String.init)
    switch (words.first, words.count) {
    case ("topic", 3):
        guard let partitions = Int32(words[2]), partitions > 0 else {
            say("error bad partition count")
            continue
        }
        answer(rd_kafka_mock_topic_create(cluster, words[1], partitions, min(3, brokerCount)))
    case ("down", 2), ("up", 2):
        guard let broker = Int32(words[1]) else {
            say("error bad broker id")
            continue
        }
        answer(
            words[0] == "down"
                ? rd_kafka_mock_broker_set_down(cluster, broker) : rd_kafka_mock_broker_set_up(cluster, broker))
    case ("errors", 4):
        guard let apiKey = Int16(words[1]), let code = Int32(words[2]), let count = Int(words[3]), count > 0 else {
            say("error bad arguments")
            continue
        }
        var errors = [rd_kafka_resp_err_t](repeating: rd_kafka_resp_err_t(rawValue: code), count: count)
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, count, &errors)
        say("ok")
    case ("quit", _):
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(handle)
        exit(0)
    default:
        say("error unknown command")
    }
}
rd_kafka_mock_cluster_destroy(cluster)
rd_kafka_destroy(handle)
