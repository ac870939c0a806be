export default async () => {}
;
