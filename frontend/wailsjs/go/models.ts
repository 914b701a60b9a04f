export namespace app {
	
	export interface About {
	    name: string;
	    version: string;
	}

}

