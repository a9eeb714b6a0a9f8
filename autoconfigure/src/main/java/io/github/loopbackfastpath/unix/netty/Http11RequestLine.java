package io.github.loopbackfastpath.unix.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.NettyPipeline;

/**
 * Keeps the request line at {@code HTTP/1.1} on the NIO transport's Unix-domain channels.
 * Reactor Netty 1.3 picks the request's HTTP version from the channel type, and takes a
 * channel that is neither a TCP {@code SocketChannel} nor a native
 * {@code DomainSocketChannel}, such as Netty's {@link NioDomainSocketChannel}, for
 * HTTP/3: it would send {@code GET / HTTP/3.0}, which strict servers (nginx: 505) refuse.
 * Sits after the HTTP codec, so it sees the request object before it is encoded.
 */
@ChannelHandler.Sharable
final class Http11RequestLine extends ChannelOutboundHandlerAdapter {

	private static final String NAME = "loopback.fastpath.unix.http11";

	private static final Http11RequestLine INSTANCE = new Http11RequestLine();

	/**
	 * Adds the handler to a channel of the NIO transport's Unix-domain type, once; other
	 * channels get their version right.
	 * @param channel the channel
	 */
	static void install(Channel channel) {
		if (!(channel instanceof NioDomainSocketChannel)) {
			return;
		}
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(NAME) != null) {
			return;
		}
		if (pipeline.get(NettyPipeline.HttpCodec) != null) {
			pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
		}
		else {
			pipeline.addLast(NAME, INSTANCE);
		}
	}

	@Override
	public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
		if (message instanceof HttpRequest request && request.protocolVersion().majorVersion() > 1) {
			request.setProtocolVersion(HttpVersion.HTTP_1_1);
		}
		super.write(context, message, promise);
	}

}
